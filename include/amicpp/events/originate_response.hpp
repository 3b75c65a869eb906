// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_ORIGINATE_RESPONSE_HPP
#define AMICPP_EVENTS_ORIGINATE_RESPONSE_HPP

/// @file
/// @brief Typed view of `OriginateResponse`, the outcome of an async Originate (it reaches
/// every session reading call events, with the ActionID of whoever originated).

#include <amicpp/actions/originate.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/events/field.hpp>
#include <amicpp/events/view.hpp>
#include <amicpp/message.hpp>

#include <string_view>

namespace amicpp::events {

/// @brief `Event: OriginateResponse`.
struct originate_response : event_view {
    static constexpr std::string_view ami_name = "OriginateResponse"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";             ///< its class
    using event_view::event_view;
    /// @brief `Response`: Success or Failure.
    std::string_view response() const noexcept { return get("Response"); }
    /// @brief True for `Response: Success` (the call was answered).
    bool success() const noexcept { return amicpp::detail::iequals(response(), "Success"); }
    /// @brief `Reason`: why it ended so (a number Asterisk does not define gives
    /// `originate_reason` values outside the named ones).
    field<actions::originate_reason> reason() const noexcept {
        return as_field<actions::originate_reason>("Reason");
    }
    /// @brief `Channel`: the channel as requested.
    std::string_view channel() const noexcept { return get("Channel"); }
    /// @brief `Context` (dialplan form).
    std::string_view context() const noexcept { return get("Context"); }
    /// @brief `Exten` (dialplan form).
    std::string_view exten() const noexcept { return get("Exten"); }
    /// @brief `Application` (application form).
    std::string_view application() const noexcept { return get("Application"); }
    /// @brief `Data` (application form).
    std::string_view data() const noexcept { return get("Data"); }
    /// @brief `Uniqueid`: the new channel's, `<unknown>` when none was created.
    std::string_view uniqueid() const noexcept { return get("Uniqueid"); }
    /// @brief `CallerIDNum`.
    std::string_view caller_id_num() const noexcept { return get("CallerIDNum"); }
    /// @brief `CallerIDName`.
    std::string_view caller_id_name() const noexcept { return get("CallerIDName"); }
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_ORIGINATE_RESPONSE_HPP
