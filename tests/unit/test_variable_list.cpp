// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
// variable_list: the order names were first set, one entry per name, and what converts to it.
#include <amicpp/actions/originate.hpp>
#include <amicpp/generated/actions.hpp>
#include <amicpp/variable_list.hpp>

#include "support/catch.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

using amicpp::variable_list;

namespace {

std::vector<std::pair<std::string, std::string>> entries(const variable_list& v) {
    return {v.begin(), v.end()};
}

using pairs = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("variable_list keeps the order names were first set", "[variable_list]") {
    variable_list v;
    CHECK(v.empty());
    v["Z"] = "1";
    v.set("A", "2").set("M", "3");
    CHECK(entries(v) == pairs{{"Z", "1"}, {"A", "2"}, {"M", "3"}});
    v.set("Z", "changed"); // in place, not moved to the end
    v["A"] += "+";
    CHECK(entries(v) == pairs{{"Z", "changed"}, {"A", "2+"}, {"M", "3"}});
    CHECK(v.size() == 3);
}

TEST_CASE("variable_list names compare exactly", "[variable_list]") {
    variable_list v{{"Track", "1"}};
    v.set("TRACK", "2");
    CHECK(v.size() == 2);
    CHECK(v.contains("Track"));
    CHECK_FALSE(v.contains("track"));
    CHECK(v.find("TRACK")->second == "2");
    CHECK(v.find("nope") == v.end());
}

TEST_CASE("variable_list erases and clears", "[variable_list]") {
    variable_list v{{"A", "1"}, {"B", "2"}, {"C", "3"}};
    CHECK(v.erase("B"));
    CHECK_FALSE(v.erase("B"));
    CHECK(entries(v) == pairs{{"A", "1"}, {"C", "3"}});
    v.clear();
    CHECK(v.empty());
}

TEST_CASE("variable_list converts from ranges of pairs", "[variable_list]") {
    SECTION("an initializer list with a repeated name keeps its last value, at its first place") {
        const variable_list v{{"A", "1"}, {"B", "2"}, {"A", "3"}};
        CHECK(entries(v) == pairs{{"A", "3"}, {"B", "2"}});
    }
    SECTION("a std::map, in the map's order") {
        const std::map<std::string, std::string> m{{"b", "2"}, {"a", "1"}};
        variable_list v;
        v = m;
        CHECK(entries(v) == pairs{{"a", "1"}, {"b", "2"}});
    }
    SECTION("a vector of pairs of string views") {
        const std::vector<std::pair<std::string_view, std::string_view>> in{{"X", "9"}, {"Y", "8"}};
        const variable_list v = in;
        CHECK(entries(v) == pairs{{"X", "9"}, {"Y", "8"}});
    }
    SECTION("an unordered_map: every entry arrives") {
        const std::unordered_map<std::string, std::string> m{{"p", "1"}, {"q", "2"}};
        const variable_list v = m;
        CHECK(v.size() == 2);
        CHECK(v.find("p")->second == "1");
        CHECK(v.find("q")->second == "2");
    }
    SECTION("copies are equal, and differ once one changes") {
        const variable_list a{{"A", "1"}};
        variable_list b = a; // the copy constructor, not the range one
        CHECK(a == b);
        b.set("A", "2");
        CHECK(a != b);
    }
}

TEST_CASE("Originate sends its variables in the order they were set",
          "[variable_list][originate]") {
    amicpp::actions::originate o;
    o.channel = "PJSIP/100";
    o.exten = "200";
    o.context = "test";
    o.variables["Z"] = "last-name-first";
    o.variables["A"] = "x=y";
    const amicpp::message m = o.to_message();
    const auto values = m.all("Variable");
    REQUIRE(values.size() == 2);
    CHECK(values[0] == "Z=last-name-first");
    CHECK(values[1] == "A=x=y");
}

TEST_CASE("generated builders take a variable_list or a std::map", "[variable_list][generated]") {
    amicpp::generated::actions::originate a("PJSIP/1");
    a.variables(std::map<std::string, std::string>{{"M", "W"}}).variables({{"N", "V"}});
    const auto values = a.to_message().all("Variable");
    REQUIRE(values.size() == 2);
    CHECK(values[0] == "M=W");
    CHECK(values[1] == "N=V");
}
