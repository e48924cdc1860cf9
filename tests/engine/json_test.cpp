// The bounded JSON reader (engine/json.hpp): RFC 8259 plus NaN / Infinity / -Infinity, with
// limits on text size, nesting depth and value count, and errors that say where.
//
// Oracles: the JSON texts below and what RFC 8259 / JSON.parse make of them, worked by hand;
// positions are counted by hand (line and column are 1-based, a column counts bytes).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "json.hpp"

namespace {

using bp::json::Limits;
using bp::json::parse;
using bp::json::Type;
using bp::json::Value;

constexpr const char* kPrefix = "document is not valid JSON: ";

Value parse_ok(const std::string& text, const Limits& limits = {}) {
    auto result = parse(text, limits);
    EXPECT_TRUE(result.ok()) << text << "\n -> " << result.error;
    return result.value;
}

std::string parse_error(const std::string& text, const Limits& limits = {}) {
    auto result = parse(text, limits);
    EXPECT_FALSE(result.ok()) << "accepted: " << text;
    // A failed parse leaves no half-built value behind.
    EXPECT_EQ(result.value.type, Type::null);
    EXPECT_TRUE(result.value.items.empty());
    EXPECT_TRUE(result.value.members.empty());
    return result.error;
}

std::string nested_arrays(int depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

// ---- valid JSON ---------------------------------------------------------------------------

TEST(JsonValid, ReadsEveryValueTypeOfAnObject) {
    const Value v = parse_ok(R"({"n": null, "t": true, "f": false, "i": -12, "x": 2.5e-1,
                                 "s": "hi", "arr": [1, [2, []], {}], "o": {"k": "v"}})");
    ASSERT_EQ(v.type, Type::object);
    ASSERT_EQ(v.members.size(), 8u);
    // Members stay in document order.
    const std::vector<std::string> keys = {"n", "t", "f", "i", "x", "s", "arr", "o"};
    for (std::size_t k = 0; k < keys.size(); ++k) EXPECT_EQ(v.members[k].first, keys[k]);

    EXPECT_EQ(v.find("n")->type, Type::null);
    EXPECT_EQ(v.find("t")->type, Type::boolean);
    EXPECT_TRUE(v.find("t")->boolean);
    EXPECT_EQ(v.find("f")->type, Type::boolean);
    EXPECT_FALSE(v.find("f")->boolean);
    EXPECT_EQ(v.find("i")->type, Type::number);
    EXPECT_EQ(v.find("i")->number, -12.0);
    EXPECT_EQ(v.find("x")->number, 0.25);  // 2.5 * 10^-1
    EXPECT_EQ(v.find("s")->type, Type::string);
    EXPECT_EQ(v.find("s")->string, "hi");

    const Value& arr = *v.find("arr");
    ASSERT_EQ(arr.type, Type::array);
    ASSERT_EQ(arr.items.size(), 3u);
    EXPECT_EQ(arr.items[0].number, 1.0);
    ASSERT_EQ(arr.items[1].type, Type::array);
    ASSERT_EQ(arr.items[1].items.size(), 2u);
    EXPECT_EQ(arr.items[1].items[0].number, 2.0);
    EXPECT_EQ(arr.items[1].items[1].type, Type::array);
    EXPECT_TRUE(arr.items[1].items[1].items.empty());
    EXPECT_EQ(arr.items[2].type, Type::object);
    EXPECT_TRUE(arr.items[2].members.empty());

    const Value& o = *v.find("o");
    ASSERT_EQ(o.type, Type::object);
    ASSERT_NE(o.find("k"), nullptr);
    EXPECT_EQ(o.find("k")->string, "v");
}

TEST(JsonValid, ReadsTheNumberGrammarOfRfc8259) {
    const Value v = parse_ok("[0, -0, 7, -3.5, 1E+2, 1e2, 2.5E-3, 0.1, 123456789, 1e-320]");
    ASSERT_EQ(v.items.size(), 10u);
    EXPECT_EQ(v.items[0].number, 0.0);
    EXPECT_EQ(v.items[1].number, 0.0);
    EXPECT_TRUE(std::signbit(v.items[1].number));  // -0 keeps its sign, as in JSON.parse
    EXPECT_EQ(v.items[2].number, 7.0);
    EXPECT_EQ(v.items[3].number, -3.5);
    EXPECT_EQ(v.items[4].number, 100.0);
    EXPECT_EQ(v.items[5].number, 100.0);
    EXPECT_EQ(v.items[6].number, 0.0025);
    EXPECT_EQ(v.items[7].number, 0.1);  // the double nearest 1/10, as the C++ literal
    EXPECT_EQ(v.items[8].number, 123456789.0);
    EXPECT_GT(v.items[9].number, 0.0);  // subnormal, not flushed to zero
    EXPECT_LT(v.items[9].number, 1e-300);
}

TEST(JsonValid, NumbersTooLargeForADoubleBecomeInfinity) {
    // As in JSON.parse("1e999") === Infinity; the document validator then refuses it as
    // non-finite.
    const Value v = parse_ok("[1e999, -1e999]");
    EXPECT_EQ(v.items[0].number, std::numeric_limits<double>::infinity());
    EXPECT_EQ(v.items[1].number, -std::numeric_limits<double>::infinity());
}

TEST(JsonValid, AcceptsNaNAndInfinityTokens) {
    // Not RFC 8259, but what a JavaScript document holding NaN serialises to by other means;
    // the reader keeps them as numbers so the validator can say "got NaN".
    const Value v = parse_ok("[NaN, Infinity, -Infinity, {\"w\": NaN}]");
    ASSERT_EQ(v.items.size(), 4u);
    EXPECT_EQ(v.items[0].type, Type::number);
    EXPECT_TRUE(std::isnan(v.items[0].number));
    EXPECT_EQ(v.items[1].type, Type::number);
    EXPECT_EQ(v.items[1].number, std::numeric_limits<double>::infinity());
    EXPECT_EQ(v.items[2].type, Type::number);
    EXPECT_EQ(v.items[2].number, -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(v.items[3].find("w")->number));
}

TEST(JsonValid, OtherSpellingsOfNaNAndInfinityAreRefused) {
    for (const char* text : {"nan", "NAN", "infinity", "+Infinity", "-NaN", "Inf", "[NaN1]"})
        parse_error(text);
}

TEST(JsonValid, ReadsStringEscapes) {
    // \" \\ \/ \b \f \n \r \t, \u00e9 (e acute, UTF-8 C3 A9) and the surrogate pair
    // \ud83d\ude00 (U+1F600: 0x10000 + (0x3D << 10) + 0x200 = 0x1F600, UTF-8 F0 9F 98 80).
    const Value v = parse_ok(R"("q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u0041")");
    ASSERT_EQ(v.type, Type::string);
    EXPECT_EQ(v.string, "q\" b\\ s/ \b\f\n\r\t \xC3\xA9 \xF0\x9F\x98\x80 A");
}

TEST(JsonValid, LoneSurrogatesBecomeTheReplacementCharacter) {
    // UTF-8 cannot hold a lone surrogate; U+FFFD is EF BF BD.
    EXPECT_EQ(parse_ok(R"("\ud800")").string, "\xEF\xBF\xBD");
    EXPECT_EQ(parse_ok(R"("\udc00x")").string, "\xEF\xBF\xBDx");
    EXPECT_EQ(parse_ok(R"("\ud800\u0041")").string, "\xEF\xBF\xBD" "A");
}

TEST(JsonValid, PassesUtf8TextThrough) {
    EXPECT_EQ(parse_ok("\"\xCE\xB4 = \xE2\x88\x82J/\xE2\x88\x82z\"").string, "\xCE\xB4 = \xE2\x88\x82J/\xE2\x88\x82z");
}

TEST(JsonValid, AllowsWhitespaceAroundEveryToken) {
    const Value v = parse_ok(" \t\r\n{ \"a\" \n:\r [ 1 ,\t2 ] , \"b\" : { } }\n\n ");
    ASSERT_EQ(v.type, Type::object);
    EXPECT_EQ(v.find("a")->items.size(), 2u);
    EXPECT_EQ(v.find("b")->type, Type::object);
}

TEST(JsonValid, AcceptsAScalarAtTheTopLevel) {
    EXPECT_EQ(parse_ok("  42 ").number, 42.0);
    EXPECT_EQ(parse_ok("\"x\"").string, "x");
    EXPECT_EQ(parse_ok("null").type, Type::null);
}

TEST(JsonValid, DuplicateKeysTheLastOneWinsAsInJsonParse) {
    const Value v = parse_ok(R"({"layers": [1], "loss": "mse", "layers": [2, 3]})");
    const Value* layers = v.find("layers");
    ASSERT_NE(layers, nullptr);
    ASSERT_EQ(layers->items.size(), 2u);
    EXPECT_EQ(layers->items[0].number, 2.0);
    EXPECT_EQ(layers->items[1].number, 3.0);
    // Both members are kept, in document order; find() picks the last.
    EXPECT_EQ(v.members.size(), 3u);
}

TEST(JsonValid, FindReturnsNullForAMissingKeyOrANonObject) {
    const Value v = parse_ok(R"({"a": 1})");
    EXPECT_EQ(v.find("b"), nullptr);
    EXPECT_EQ(v.find("A"), nullptr);  // keys are case-sensitive
    EXPECT_EQ(parse_ok("[1]").find("a"), nullptr);
}

TEST(JsonValid, TypeNamesAreTheJsonWords) {
    EXPECT_STREQ(bp::json::type_name(Type::null), "null");
    EXPECT_STREQ(bp::json::type_name(Type::boolean), "boolean");
    EXPECT_STREQ(bp::json::type_name(Type::number), "number");
    EXPECT_STREQ(bp::json::type_name(Type::string), "string");
    EXPECT_STREQ(bp::json::type_name(Type::array), "array");
    EXPECT_STREQ(bp::json::type_name(Type::object), "object");
}

// ---- syntax errors, with where they are ----------------------------------------------------

struct SyntaxCase {
    const char* text;
    const char* message;  // after "document is not valid JSON: "
};

TEST(JsonSyntaxErrors, SayWhatWasExpectedAndTheLineAndColumn) {
    const std::vector<SyntaxCase> cases = {
        {"", "unexpected end of text at line 1, column 1"},
        {"   ", "unexpected end of text at line 1, column 4"},
        {"[1, 2", "expected ',' or ']' in an array at line 1, column 6"},
        {"[1 2]", "expected ',' or ']' in an array at line 1, column 4"},
        {"[1,]", "unexpected character ']' at line 1, column 4"},  // no trailing commas
        {"[,1]", "unexpected character ',' at line 1, column 2"},
        {"{\"a\" 1}", "expected ':' after a key at line 1, column 6"},
        {"{a: 1}", "expected a quoted key in an object at line 1, column 2"},
        {"{'a': 1}", "expected a quoted key in an object at line 1, column 2"},
        {"{\"a\": 1,}", "expected a quoted key in an object at line 1, column 9"},
        {"{\"a\": 1 \"b\": 2}", "expected ',' or '}' in an object at line 1, column 9"},
        {"[1] x", "unexpected text after the document at line 1, column 5"},
        {"01", "unexpected text after the document at line 1, column 2"},  // no leading zeros
        {"[01]", "expected ',' or ']' in an array at line 1, column 3"},
        {"+1", "unexpected character '+' at line 1, column 1"},
        {".5", "unexpected character '.' at line 1, column 1"},
        {"-", "expected a digit at line 1, column 2"},
        {"-x", "expected a digit at line 1, column 2"},
        {"1.", "expected a digit after '.' at line 1, column 3"},
        {"1.e5", "expected a digit after '.' at line 1, column 3"},
        {"1e", "expected a digit in the exponent at line 1, column 3"},
        {"1e+", "expected a digit in the exponent at line 1, column 4"},
        {"tru", "unexpected character 't' at line 1, column 1"},
        {"nul", "unexpected character 'n' at line 1, column 1"},
        {"\"abc", "unterminated string at line 1, column 5"},
        {"\"a\\qb\"", "bad escape '\\q' at line 1, column 4"},
        {"\"\\u12G4\"", "bad \\u escape at line 1, column 4"},
        {"[\"\\u12\", 1]", "bad \\u escape at line 1, column 5"},
        {"\"\\u12", "incomplete \\u escape at line 1, column 4"},
        {"\"a\tb\"", "control character in a string at line 1, column 3"},  // raw tab
        {"\"a\nb\"", "control character in a string at line 1, column 3"},  // raw newline
    };
    for (const auto& c : cases)
        EXPECT_EQ(parse_error(c.text), std::string(kPrefix) + c.message) << "text: " << c.text;
}

TEST(JsonSyntaxErrors, CountLinesAndColumnsAcrossNewlines) {
    // Line 3 is "  2,, 2]": columns 1-2 spaces, 3 '2', 4 ',', 5 the stray ','.
    EXPECT_EQ(parse_error("{\n  \"layers\": [2,\n  2,, 2]\n}"),
              std::string(kPrefix) + "unexpected character ',' at line 3, column 5");
    // "\r\n" line ends: '\r' is an ordinary column, '\n' starts the next line.
    EXPECT_EQ(parse_error("[1]\r\n  x"), std::string(kPrefix) + "unexpected text after the document at line 2, column 3");
}

TEST(JsonSyntaxErrors, ReportOnlyTheFirstError) {
    EXPECT_EQ(parse_error("[1,,2,,3"), std::string(kPrefix) + "unexpected character ',' at line 1, column 4");
}

// ---- limits --------------------------------------------------------------------------------

TEST(JsonLimits, NestingUpToMaxDepthIsAcceptedAndOneMoreIsRefused) {
    Limits limits;
    limits.max_depth = 3;
    parse_ok("[[[1]]]", limits);
    parse_ok(R"({"a": {"b": [1]}})", limits);
    // The fourth '[' is column 4.
    EXPECT_EQ(parse_error("[[[[1]]]]", limits),
              std::string(kPrefix) + "arrays and objects nested deeper than 3 levels at line 1, column 4");
    // Objects count as levels too: the fourth '{' is column 19.
    EXPECT_EQ(parse_error(R"({"a": {"b": {"c": {}}}})", limits),
              std::string(kPrefix) + "arrays and objects nested deeper than 3 levels at line 1, column 19");
}

TEST(JsonLimits, DefaultDepthIs64) {
    EXPECT_EQ(Limits{}.max_depth, 64);
    parse_ok(nested_arrays(64));
    EXPECT_EQ(parse_error(nested_arrays(65)),
              std::string(kPrefix) + "arrays and objects nested deeper than 64 levels at line 1, column 65");
}

TEST(JsonLimits, HostileNestingIsRefusedQuicklyWithoutOverflowingTheStack) {
    // A million '[' would overflow the stack of a recursive reader without a bound.
    const std::string text(1'000'000, '[');
    const auto start = std::chrono::steady_clock::now();
    const std::string error = parse_error(text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(error, std::string(kPrefix) + "arrays and objects nested deeper than 64 levels at line 1, column 65");
    EXPECT_LT(seconds, 1.0);
}

TEST(JsonLimits, MaxValuesCountsEveryValueButNotKeys) {
    Limits limits;
    limits.max_values = 3;
    parse_ok("[1, 2]", limits);              // the array and two numbers: 3 values
    parse_ok(R"({"a": 1, "b": 2})", limits);  // the object and two numbers; keys are not values
    // The fourth value is the '3' at column 8.
    EXPECT_EQ(parse_error("[1, 2, 3]", limits), std::string(kPrefix) + "more than 3 values at line 1, column 8");
    parse_ok("[[[]]]", limits);              // three arrays: 3 values
    EXPECT_EQ(parse_error("[[[[]]]]", limits), std::string(kPrefix) + "more than 3 values at line 1, column 4");
}

TEST(JsonLimits, TextLongerThanMaxTextBytesIsRefusedBeforeReading) {
    Limits limits;
    limits.max_text_bytes = 10;
    parse_ok("[1,2,3,45]", limits);  // exactly 10 bytes
    // 11 bytes, and not even valid JSON: the size is checked first.
    EXPECT_EQ(parse_error("[1,2,3,456}", limits), "document is too large: 11 bytes, at most 10 are allowed");
    EXPECT_EQ(Limits{}.max_text_bytes, std::size_t{16} << 20);
}

}  // namespace
