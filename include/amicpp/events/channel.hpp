// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_EVENTS_CHANNEL_HPP
#define AMICPP_EVENTS_CHANNEL_HPP

/// @file
/// @brief Typed views of the channel life-cycle events: `Newchannel`, `Newstate`, `Newexten`,
/// `VarSet`, `DialBegin`, `DialEnd`, `HangupRequest`, `SoftHangupRequest`, `Hangup`.
///
/// @code
/// if (auto h = amicpp::events::as<amicpp::events::hangup>(msg))
///     log(h->channel(), h->cause().value_or(0), h->chan_variables()["CDR(userfield)"]);
/// @endcode

#include <amicpp/events/field.hpp>
#include <amicpp/events/view.hpp>
#include <amicpp/generated/snapshots.hpp>
#include <amicpp/message.hpp>

#include <string_view>

namespace amicpp::events {

/// @brief `Event: Newchannel`: a channel was created.
struct newchannel : event_view, generated::snapshots::channel_fields<newchannel> {
    static constexpr std::string_view ami_name = "Newchannel"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";      ///< its class
    using event_view::event_view;
};

/// @brief `Event: Newstate`: a channel's state changed (`channel_state()`: 4 Ring, 5 Ringing,
/// 6 Up...).
struct newstate : event_view, generated::snapshots::channel_fields<newstate> {
    static constexpr std::string_view ami_name = "Newstate"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";    ///< its class
    using event_view::event_view;
};

/// @brief `Event: Newexten` (documented `NewExten`): a channel runs a dialplan step.
struct new_exten : event_view, generated::snapshots::channel_fields<new_exten> {
    static constexpr std::string_view ami_name = "NewExten";  ///< the `Event:` name
    static constexpr std::string_view ami_class = "dialplan"; ///< its class
    using event_view::event_view;
    /// @brief `Extension` (deprecated duplicate of `exten()`).
    std::string_view extension() const noexcept { return get("Extension"); }
    /// @brief `Application`: the application run (`Dial`, `Wait`...).
    std::string_view application() const noexcept { return get("Application"); }
    /// @brief `AppData`: its arguments.
    std::string_view app_data() const noexcept { return get("AppData"); }
};

/// @brief `Event: VarSet`: a variable was set (`channel()` is `none` for a global one).
struct var_set : event_view, generated::snapshots::channel_fields<var_set> {
    static constexpr std::string_view ami_name = "VarSet";    ///< the `Event:` name
    static constexpr std::string_view ami_class = "dialplan"; ///< its class
    using event_view::event_view;
    /// @brief `Variable`: the variable's name.
    std::string_view variable() const noexcept { return get("Variable"); }
    /// @brief `Value`: its new value.
    std::string_view value() const noexcept { return get("Value"); }
};

/// @brief `Event: DialBegin`: `channel` starts dialling `dest_channel`.
struct dial_begin : event_view,
                    generated::snapshots::channel_fields<dial_begin>,
                    generated::snapshots::dest_channel_fields<dial_begin> {
    static constexpr std::string_view ami_name = "DialBegin"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";     ///< its class
    using event_view::event_view;
    /// @brief `DialString`: what was dialled (`100@from-internal`).
    std::string_view dial_string() const noexcept { return get("DialString"); }
};

/// @brief `Event: DialEnd`: the dial of `dest_channel` ended.
struct dial_end : event_view,
                  generated::snapshots::channel_fields<dial_end>,
                  generated::snapshots::dest_channel_fields<dial_end> {
    static constexpr std::string_view ami_name = "DialEnd"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";   ///< its class
    using event_view::event_view;
    /// @brief `DialStatus`: ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, ABORT,
    /// CONTINUE, GOTO.
    std::string_view dial_status() const noexcept { return get("DialStatus"); }
    /// @brief `Forward`: where the call was forwarded, if it was.
    std::string_view forward() const noexcept { return get("Forward"); }
    /// @brief True when the dialled party answered (`DialStatus: ANSWER`).
    bool answered() const noexcept { return dial_status() == "ANSWER"; }
};

/// @brief `Event: HangupRequest`: hangup requested from within the channel.
struct hangup_request : event_view, generated::snapshots::channel_fields<hangup_request> {
    static constexpr std::string_view ami_name = "HangupRequest"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";         ///< its class
    using event_view::event_view;
    /// @brief `Cause`: the Q.850 cause code.
    field<int> cause() const noexcept { return as_field<int>("Cause"); }
};

/// @brief `Event: SoftHangupRequest`: hangup requested from outside the channel.
struct soft_hangup_request : event_view, generated::snapshots::channel_fields<soft_hangup_request> {
    static constexpr std::string_view ami_name = "SoftHangupRequest"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";             ///< its class
    using event_view::event_view;
    /// @brief `Cause`: the Q.850 cause code.
    field<int> cause() const noexcept { return as_field<int>("Cause"); }
};

/// @brief `Event: Hangup`: a channel is gone.
struct hangup : event_view, generated::snapshots::channel_fields<hangup> {
    static constexpr std::string_view ami_name = "Hangup"; ///< the `Event:` name
    static constexpr std::string_view ami_class = "call";  ///< its class
    using event_view::event_view;
    /// @brief `Cause`: the Q.850 cause code (16 normal clearing, 17 busy, 19 no answer...).
    field<int> cause() const noexcept { return as_field<int>("Cause"); }
    /// @brief `Cause-txt`: the cause as text ("Normal Clearing").
    std::string_view cause_txt() const noexcept { return get("Cause-txt"); }
    /// @brief `TechCause`: the channel driver's own cause (Asterisk 20+, SIP response code...).
    std::string_view tech_cause() const noexcept { return get("TechCause"); }
};

} // namespace amicpp::events

#endif // AMICPP_EVENTS_CHANNEL_HPP
