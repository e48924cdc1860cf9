#include "json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace bp::json {

const Value* Value::find(std::string_view key) const {
    for (auto it = members.rbegin(); it != members.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

const char* type_name(Type type) {
    switch (type) {
        case Type::null: return "null";
        case Type::boolean: return "boolean";
        case Type::number: return "number";
        case Type::string: return "string";
        case Type::array: return "array";
        case Type::object: return "object";
    }
    return "value";
}

namespace {

// Recursive descent with an explicit depth bound; every failure records the first error
// (with line and column) and unwinds by returning false.
class Reader {
public:
    Reader(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

    bool document(Value& out) {
        skip_space();
        if (!value(out, 0)) return false;
        skip_space();
        if (pos_ != text_.size()) return fail("unexpected text after the document");
        return true;
    }

    std::string error;

private:
    bool fail(const std::string& what) {
        if (!error.empty()) return false;
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
            if (text_[i] == '\n') { ++line; column = 1; } else { ++column; }
        }
        error = "document is not valid JSON: " + what + " at line " + std::to_string(line) +
                ", column " + std::to_string(column);
        return false;
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }

    void skip_space() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++pos_;
    }

    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    bool count_value() {
        if (++values_ > limits_.max_values)
            return fail("more than " + std::to_string(limits_.max_values) + " values");
        return true;
    }

    bool value(Value& out, int depth) {
        if (!count_value()) return false;
        if (at_end()) return fail("unexpected end of text");
        const char c = peek();
        if (c == '{' || c == '[') {
            if (depth >= limits_.max_depth)
                return fail("arrays and objects nested deeper than " +
                            std::to_string(limits_.max_depth) + " levels");
            return c == '{' ? object(out, depth + 1) : array(out, depth + 1);
        }
        if (c == '"') { out.type = Type::string; return string(out.string); }
        if (literal("true")) { out.type = Type::boolean; out.boolean = true; return true; }
        if (literal("false")) { out.type = Type::boolean; out.boolean = false; return true; }
        if (literal("null")) { out.type = Type::null; return true; }
        if (literal("NaN")) { out.type = Type::number; out.number = std::numeric_limits<double>::quiet_NaN(); return true; }
        if (literal("Infinity")) { out.type = Type::number; out.number = HUGE_VAL; return true; }
        if (literal("-Infinity")) { out.type = Type::number; out.number = -HUGE_VAL; return true; }
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return fail(std::string("unexpected character '") + c + "'");
    }

    bool array(Value& out, int depth) {
        out.type = Type::array;
        ++pos_;  // [
        skip_space();
        if (peek() == ']') { ++pos_; return true; }
        for (;;) {
            out.items.emplace_back();
            if (!value(out.items.back(), depth)) return false;
            skip_space();
            if (peek() == ',') { ++pos_; skip_space(); continue; }
            if (peek() == ']') { ++pos_; return true; }
            return fail("expected ',' or ']' in an array");
        }
    }

    bool object(Value& out, int depth) {
        out.type = Type::object;
        ++pos_;  // {
        skip_space();
        if (peek() == '}') { ++pos_; return true; }
        for (;;) {
            if (peek() != '"') return fail("expected a quoted key in an object");
            std::string key;
            if (!string(key)) return false;
            skip_space();
            if (peek() != ':') return fail("expected ':' after a key");
            ++pos_;
            skip_space();
            out.members.emplace_back(std::move(key), Value{});
            if (!value(out.members.back().second, depth)) return false;
            skip_space();
            if (peek() == ',') { ++pos_; skip_space(); continue; }
            if (peek() == '}') { ++pos_; return true; }
            return fail("expected ',' or '}' in an object");
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool code_unit(unsigned& out) {
        if (pos_ + 4 > text_.size()) return fail("incomplete \\u escape");
        out = 0;
        for (int k = 0; k < 4; ++k) {
            const int h = hex(text_[pos_ + k]);
            if (h < 0) return fail("bad \\u escape");
            out = out * 16 + static_cast<unsigned>(h);
        }
        pos_ += 4;
        return true;
    }

    static void append_utf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool string(std::string& out) {
        ++pos_;  // "
        for (;;) {
            if (at_end()) return fail("unterminated string");
            const char c = text_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) { --pos_; return fail("control character in a string"); }
            if (c != '\\') { out += c; continue; }
            if (at_end()) return fail("unterminated string");
            const char e = text_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = 0;
                    if (!code_unit(cp)) return false;
                    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                        pos_ += 2;
                        unsigned low = 0;
                        if (!code_unit(low)) return false;
                        if (low >= 0xDC00 && low < 0xE000)
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        else
                            append_utf8(out, 0xFFFD), cp = low;
                    }
                    if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // lone surrogate
                    append_utf8(out, cp);
                    break;
                }
                default: --pos_; return fail(std::string("bad escape '\\") + e + "'");
            }
        }
    }

    // RFC 8259 number grammar, then strtod on the validated span (the C locale is the only
    // one in this program, so '.' is the decimal point).
    bool number(Value& out) {
        const std::size_t start = pos_;
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') ++pos_;
        } else {
            return fail("expected a digit");
        }
        if (peek() == '.') {
            ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit after '.'");
            while (peek() >= '0' && peek() <= '9') ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit in the exponent");
            while (peek() >= '0' && peek() <= '9') ++pos_;
        }
        const std::string span(text_.substr(start, pos_ - start));
        out.type = Type::number;
        out.number = std::strtod(span.c_str(), nullptr);  // overflow gives +-HUGE_VAL: caught as non-finite later
        return true;
    }

    std::string_view text_;
    const Limits& limits_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
};

}  // namespace

ParseResult parse(std::string_view text, const Limits& limits) {
    ParseResult result;
    if (text.size() > limits.max_text_bytes) {
        result.error = "document is too large: " + std::to_string(text.size()) +
                       " bytes, at most " + std::to_string(limits.max_text_bytes) + " are allowed";
        return result;
    }
    Reader reader(text, limits);
    if (!reader.document(result.value)) {
        result.error = reader.error;
        result.value = Value{};
    }
    return result;
}

}  // namespace bp::json
