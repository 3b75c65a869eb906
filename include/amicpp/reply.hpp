// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_REPLY_HPP
#define AMICPP_REPLY_HPP

/// @file
/// @brief `amicpp::reply`: everything the server sent back for one action.

#include <amicpp/message.hpp>

#include <vector>

namespace amicpp {

/// @brief What one action brought back, correlated by ActionID: the response, the items of an
/// event list, and the event that ended the operation (the list's `...Complete` event, or the
/// `OriginateResponse` of an async Originate).
///
/// It is the result of a generic `amicpp::action`, and what typed actions build their results
/// from. After an error it still holds whatever arrived, so the server's text is never lost.
struct reply {
    message response;           ///< `Response: ...` (or raw legacy output)
    std::vector<message> items; ///< event-list items, in arrival order
    message final_event;        ///< the list's Complete event or the awaited event, if any
};

} // namespace amicpp

#endif // AMICPP_REPLY_HPP
