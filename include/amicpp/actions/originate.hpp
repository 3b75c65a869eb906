// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_ORIGINATE_HPP
#define AMICPP_ACTIONS_ORIGINATE_HPP

/// @file
/// @brief `Originate`: place a call, waiting for the answer or for the later OriginateResponse.

#include <amicpp/action.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/error.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>
#include <amicpp/variable_list.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace amicpp::actions {

/// @brief Why an originated call ended as it did (`Reason:` of OriginateResponse).
enum class originate_reason {
    failure = 0,    ///< the call could not be placed
    hangup = 1,     ///< hung up before answer
    no_answer = 3,  ///< rang, nobody answered
    answered = 4,   ///< answered
    busy = 5,       ///< busy
    congestion = 8, ///< congestion
    unknown = -1,   ///< a value this library does not know (or none)
};

/// @brief The outcome of an Originate.
struct originate_result {
    message response{};   ///< the acknowledgement (async) or the answer (sync)
    message event{};      ///< the OriginateResponse event (async only)
    bool success = false; ///< the call was placed and answered
    originate_reason reason = originate_reason::unknown; ///< from `Reason:` (async)
    std::string channel{};                               ///< the channel created
    std::string uniqueid{}; ///< its Uniqueid (`<unknown>` when none was created)
};

/// @brief `Action: Originate`.
///
/// Without `async` the server answers when the call is answered or has failed. With `async`
/// the server acknowledges at once and the operation completes only when the matching
/// `OriginateResponse` arrives: `Failure` completes with `error::originate_failed` and a
/// result whose `reason` says why. Set either `exten`/`context`/`priority` or
/// `application`/`data`.
struct originate {
    static constexpr std::string_view ami_name = "Originate"; ///< the `Action:` name
    using result_type = originate_result;                     ///< what the action completes with

    std::string channel{};                              ///< who is called first (`PJSIP/100`)
    std::string exten{};                                ///< then connected to this extension...
    std::string context{};                              ///< ...in this context
    std::string priority = "1";                         ///< ...at this priority
    std::string application{};                          ///< or to this application
    std::string data{};                                 ///< with these arguments
    std::optional<std::chrono::milliseconds> timeout{}; ///< ring time (server default 30 s)
    std::string caller_id{};                            ///< `"Name" <number>`
    variable_list variables{};                          ///< channel variables, one `Variable:` each
    std::string account{};                              ///< CDR account code
    bool early_media = false;                           ///< connect on early media
    bool async = true;                                  ///< complete on OriginateResponse
    std::string codecs{};                               ///< `ulaw,alaw`
    std::string channel_id{};                           ///< Uniqueid for the channel
    std::string other_channel_id{};                     ///< Uniqueid for the second (Local) channel

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Channel", channel);
        if (!application.empty()) {
            m.add("Application", application);
            if (!data.empty())
                m.add("Data", data);
        } else {
            m.add("Exten", exten);
            m.add("Context", context);
            m.add("Priority", priority);
        }
        if (timeout)
            m.add("Timeout", std::to_string(timeout->count()));
        if (!caller_id.empty())
            m.add("CallerID", caller_id);
        for (const auto& [name, value] : variables)
            m.add("Variable", name + "=" + value);
        if (!account.empty())
            m.add("Account", account);
        if (early_media)
            m.add("EarlyMedia", "true");
        if (async)
            m.add("Async", "true");
        if (!codecs.empty())
            m.add("Codecs", codecs);
        if (!channel_id.empty())
            m.add("ChannelId", channel_id);
        if (!other_channel_id.empty())
            m.add("OtherChannelId", other_channel_id);
        return m;
    }

    /// @brief Async: wait for the OriginateResponse after the acknowledgement.
    completion_spec completion() const {
        completion_spec c;
        if (async)
            c.final_event = "OriginateResponse";
        return c;
    }

    /// @brief Builds the result from the reply.
    static originate_result make_result(reply&& r, std::error_code& ec) {
        originate_result out;
        out.response = std::move(r.response);
        out.event = std::move(r.final_event);
        if (out.event.empty()) { // synchronous
            out.success = out.response.is_success();
            out.channel = std::string(out.response.get("Channel"));
            out.uniqueid = std::string(out.response.get("Uniqueid"));
            return out;
        }
        out.success = detail::iequals(out.event.get("Response"), "Success");
        out.channel = std::string(out.event.get("Channel"));
        out.uniqueid = std::string(out.event.get("Uniqueid"));
        const std::string_view reason = out.event.get("Reason");
        out.reason = originate_reason::unknown;
        for (originate_reason known :
             {originate_reason::failure, originate_reason::hangup, originate_reason::no_answer,
              originate_reason::answered, originate_reason::busy, originate_reason::congestion}) {
            if (reason == std::to_string(static_cast<int>(known)))
                out.reason = known;
        }
        if (!out.success)
            ec = error::originate_failed;
        return out;
    }
};

/// @brief A readable name for a reason ("answered", "busy", ...).
inline const char* to_string(originate_reason r) noexcept {
    switch (r) {
    case originate_reason::failure:
        return "failure";
    case originate_reason::hangup:
        return "hangup";
    case originate_reason::no_answer:
        return "no answer";
    case originate_reason::answered:
        return "answered";
    case originate_reason::busy:
        return "busy";
    case originate_reason::congestion:
        return "congestion";
    case originate_reason::unknown:
        break;
    }
    return "unknown";
}

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_ORIGINATE_HPP
