// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_TESTING_ORIGINATE_HPP
#define AMICPP_TESTING_ORIGINATE_HPP

/// @file
/// @brief How the simulated server decides what becomes of an `Action: Originate`.

#include <amicpp/detail/ascii.hpp>
#include <amicpp/message.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace amicpp::testing {

/// @brief The fate of one originated call.
struct originate_outcome {
    /// Answered (`Response: Success` in OriginateResponse) or not (`Failure`).
    bool success = true;
    /// OriginateResponse `Reason`: 0 failure, 1 hangup, 3 ringing/no answer, 4 answered,
    /// 5 busy, 8 congestion.
    int reason = 4;
    /// How long the call takes to be answered or to fail. A synchronous Originate is answered
    /// after this delay (and its session handles nothing else meanwhile, as in Asterisk); an
    /// asynchronous one is acknowledged at once and its OriginateResponse comes after it.
    std::chrono::milliseconds delay{0};
    /// Uniqueid of the new channel; empty: assigned by the server (`<unknown>` on failure).
    std::string uniqueid;
};

/// @brief Decides the outcome of an Originate from the action as received.
using originate_function = std::function<originate_outcome(const message& action)>;

/// @brief The default decision, from the `Channel` header (ignoring case): one containing
/// `busy` fails with Reason 5, `congest` with 8, `noanswer` with 3, `fail` with 0; any other
/// is answered (Reason 4) at once.
inline originate_outcome default_originate_outcome(const message& action) {
    const std::string_view ch = action.get("Channel");
    const auto contains = [ch](std::string_view word) {
        for (std::size_t i = 0; i + word.size() <= ch.size(); ++i) {
            if (amicpp::detail::iequals(ch.substr(i, word.size()), word))
                return true;
        }
        return false;
    };
    originate_outcome out;
    if (contains("busy")) {
        out.success = false;
        out.reason = 5;
    } else if (contains("congest")) {
        out.success = false;
        out.reason = 8;
    } else if (contains("noanswer")) {
        out.success = false;
        out.reason = 3;
    } else if (contains("fail")) {
        out.success = false;
        out.reason = 0;
    }
    return out;
}

} // namespace amicpp::testing

#endif // AMICPP_TESTING_ORIGINATE_HPP
