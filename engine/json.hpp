// A small, bounded JSON reader for network documents.
//
// Why not a library: the document is the one thing the engine reads from strangers (share
// links, imported files), so the reader must be bounded before it allocates (nesting depth,
// text size), must never throw or abort (exceptions are off in the WebAssembly build), and
// must be small enough not to grow the module. It accepts RFC 8259 JSON plus the tokens
// NaN, Infinity and -Infinity, so that a JavaScript document holding NaN reaches the
// validator as NaN and is rejected with "got NaN" rather than a confusing "got null".
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bp::json {

enum class Type { null, boolean, number, string, array, object };

struct Value {
    Type type = Type::null;
    bool boolean = false;
    double number = 0;
    std::string string;                                   // Type::string
    std::vector<Value> items;                             // Type::array
    std::vector<std::pair<std::string, Value>> members;   // Type::object, in document order

    // The member named `key`, or nullptr. Duplicate keys: the last one wins, as in JSON.parse.
    const Value* find(std::string_view key) const;
};

// "null", "boolean", "number", "string", "array" or "object": for error messages.
const char* type_name(Type type);

// Bounds checked while reading, before anything is allocated for them, so that hostile text
// is refused quickly and memory stays bounded (a Value is about 100 bytes).
struct Limits {
    std::size_t max_text_bytes = 16u << 20;  // 16 MiB of text
    std::size_t max_values = 2'000'000;      // numbers, strings, arrays, ... in all
    int max_depth = 64;                      // nested arrays/objects
};

struct ParseResult {
    Value value;
    std::string error;  // empty on success
    bool ok() const { return error.empty(); }
};

ParseResult parse(std::string_view text, const Limits& limits = {});

}  // namespace bp::json
