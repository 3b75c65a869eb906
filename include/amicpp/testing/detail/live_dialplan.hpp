// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_DETAIL_LIVE_DIALPLAN_HPP
#define AMICPP_TESTING_DETAIL_LIVE_DIALPLAN_HPP

/// @file
/// @brief The simulated PBX's dialplan (the capture lab's), `Local/...` dial strings and the
/// mappings between device, extension and queue member states.

#include <amicpp/detail/ascii.hpp>

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amicpp::testing::detail {

/// One priority of the simulated dialplan.
struct dialplan_step {
    std::string app;
    std::string data;
};

/// The dialplan the captures were made with (their README), as far as the simulation runs it:
/// 100 and 600 answer at once, 51X/52X/530 ring first, `echo`, 500 (Dial 510), 300 (Queue
/// support), `parkedcalls` 700 (Park) and 701-720 (ParkedCall). Any other extension answers and
/// waits.
inline std::vector<dialplan_step> lab_steps(std::string_view context, std::string_view exten) {
    if (context == "parkedcalls") {
        if (exten == "700")
            return {{"Park", ""}};
        return {{"ParkedCall", "default," + std::string(exten)}};
    }
    if (exten == "600")
        return {{"Answer", ""}, {"Wait", "120"}, {"Hangup", ""}};
    if (exten == "echo")
        return {{"Answer", ""}, {"Echo", ""}};
    if (exten == "500")
        return {{"Set", "FEATUREMAP(atxfer)=*2"},
                {"Set", "FEATURE(transferannouncesound)="},
                {"Dial", "Local/510@test/n,20,tT"},
                {"Hangup", ""}};
    if (exten == "300")
        return {{"Answer", ""}, {"Queue", "support"}};
    if (exten.size() == 3 && exten[0] == '5' && (exten[1] == '1' || exten[1] == '2'))
        return {{"Ringing", ""}, {"Wait", "1"}, {"Answer", ""}, {"Wait", "120"}, {"Hangup", ""}};
    if (exten == "530")
        return {{"Ringing", ""}, {"Wait", "1"}, {"Answer", ""}, {"Milliwatt", ""}};
    return {{"Answer", ""}, {"Wait", "30"}};
}

/// Asterisk's ast_devstate_to_extenstate.
inline int device_to_extension_state(std::string_view state) noexcept {
    if (state == "INUSE")
        return 1;
    if (state == "BUSY")
        return 2;
    if (state == "UNAVAILABLE" || state == "INVALID")
        return 4;
    if (state == "RINGING")
        return 8;
    if (state == "RINGINUSE")
        return 9;
    if (state == "ONHOLD")
        return 16;
    return 0; // NOT_INUSE, UNKNOWN
}

/// AST_DEVICE_* numbers, as QueueMember's Status shows them.
inline int device_to_member_status(std::string_view state) noexcept {
    static constexpr std::string_view names[] = {"UNKNOWN", "NOT_INUSE", "INUSE",
                                                 "BUSY",    "INVALID",   "UNAVAILABLE",
                                                 "RINGING", "RINGINUSE", "ONHOLD"};
    for (std::size_t i = 0; i < std::size(names); ++i) {
        if (names[i] == state)
            return static_cast<int>(i);
    }
    return 0;
}

/// `Local/510@test/n` -> device `Local/510@test`, exten `510`, context `test`.
struct local_target {
    std::string device;
    std::string exten;
    std::string context;
    bool no_optimize = false;
};

inline std::optional<local_target> parse_local(std::string_view s) {
    if (s.size() < 7 || !amicpp::detail::iequals(s.substr(0, 6), "Local/"))
        return std::nullopt;
    s.remove_prefix(6);
    local_target t;
    const std::size_t slash = s.find('/');
    if (slash != std::string_view::npos) {
        t.no_optimize = s.substr(slash + 1).find('n') != std::string_view::npos;
        s = s.substr(0, slash);
    }
    const std::size_t at = s.find('@');
    t.exten = std::string(s.substr(0, at));
    t.context = at == std::string_view::npos ? "default" : std::string(s.substr(at + 1));
    if (t.exten.empty())
        return std::nullopt;
    t.device = "Local/" + t.exten + "@" + t.context;
    return t;
}

} // namespace amicpp::testing::detail

#endif // AMICPP_TESTING_DETAIL_LIVE_DIALPLAN_HPP
