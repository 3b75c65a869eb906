// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_EXTENSION_STATE_HPP
#define AMICPP_ACTIONS_EXTENSION_STATE_HPP

/// @file
/// @brief Hints and device states: `ExtensionState`, `ExtensionStateList`, `DeviceStateList`,
/// and `extension_status`, the state of a hint.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief The state of an extension's hint (`Status:` of ExtensionState and ExtensionStatus),
/// with Asterisk's numbers. The states that combine are bit sets (9 = in use + ringing).
enum class extension_status : int {
    removed = -2,        ///< the extension was removed ("Removed")
    unknown = -1,        ///< no hint, or deactivated ("Unknown")
    idle = 0,            ///< "Idle"
    in_use = 1,          ///< "InUse"
    busy = 2,            ///< "Busy"
    unavailable = 4,     ///< "Unavailable"
    ringing = 8,         ///< "Ringing"
    in_use_ringing = 9,  ///< "InUse&Ringing"
    on_hold = 16,        ///< "Hold"
    in_use_on_hold = 17, ///< "InUse&Hold"
};

/// @brief The text Asterisk gives a status in `StatusText` ("Idle", "InUse&Ringing"...).
constexpr std::string_view to_string(extension_status s) noexcept {
    switch (s) {
    case extension_status::removed:
        return "Removed";
    case extension_status::unknown:
        return "Unknown";
    case extension_status::idle:
        return "Idle";
    case extension_status::in_use:
        return "InUse";
    case extension_status::busy:
        return "Busy";
    case extension_status::unavailable:
        return "Unavailable";
    case extension_status::ringing:
        return "Ringing";
    case extension_status::in_use_ringing:
        return "InUse&Ringing";
    case extension_status::on_hold:
        return "Hold";
    case extension_status::in_use_on_hold:
        return "InUse&Hold";
    }
    return "Unknown";
}

/// @brief The status numbered `code`; false when Asterisk defines no such number.
constexpr bool extension_status_from_int(int code, extension_status& out) noexcept {
    switch (code) {
    case -2:
    case -1:
    case 0:
    case 1:
    case 2:
    case 4:
    case 8:
    case 9:
    case 16:
    case 17:
        out = static_cast<extension_status>(code);
        return true;
    default:
        return false;
    }
}

/// @brief The state of one hint, from an ExtensionState response or an ExtensionStatus event.
struct extension_state_info {
    std::string exten{};                                 ///< `Exten`
    std::string context{};                               ///< `Context`
    std::string hint{};                                  ///< `Hint`: empty when there is none
    extension_status status = extension_status::unknown; ///< `Status`
    int status_code = -1;      ///< `Status` as sent (a number the enum may not name)
    std::string status_text{}; ///< `StatusText` as sent ("Idle"...)

    /// @brief Reads the fields of `m`. A `Status` that is not a number sets `ec` to
    /// `error::invalid_field`; a number Asterisk does not define gives `unknown`.
    static extension_state_info from(const message& m, std::error_code& ec) {
        extension_state_info out;
        const detail::field_reader f(m, ec);
        out.exten = f.text("Exten");
        out.context = f.text("Context");
        out.hint = f.text("Hint");
        out.status_code = f.number<int>("Status", -1);
        if (!extension_status_from_int(out.status_code, out.status))
            out.status = extension_status::unknown;
        out.status_text = f.text("StatusText");
        return out;
    }
};

/// @brief The answer to ExtensionState.
struct extension_state_result : extension_state_info {
    message response{}; ///< `Message: Extension Status`, `Exten`, `Context`, `Hint`, `Status`...
};

/// @brief `Action: ExtensionState`: the state of the hint of `exten@context`. An extension
/// without a hint answers Success with an empty `Hint` and `Status: -1`.
struct extension_state {
    static constexpr std::string_view ami_name = "ExtensionState"; ///< the `Action:` name
    using result_type = extension_state_result;                    ///< the hint's state

    std::string exten{};   ///< `Exten` (required)
    std::string context{}; ///< `Context` (required by Asterisk 22; `default` on old ones)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Exten", exten);
        detail::add_if(m, "Context", context);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        extension_state_result out;
        static_cast<extension_state_info&>(out) = extension_state_info::from(r.response, ec);
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief One `ExtensionStatus` item of ExtensionStateList.
struct extension_state_item : extension_state_info {
    message event{}; ///< the item as received

    /// @brief Converts one item event.
    static extension_state_item from_event(message m, std::error_code& ec) {
        extension_state_item out;
        static_cast<extension_state_info&>(out) = extension_state_info::from(m, ec);
        out.event = std::move(m);
        return out;
    }
};

/// @brief `Action: ExtensionStateList`: every hint and its state. Asterisk 13+.
struct extension_state_list : detail::list_action<extension_state_list, extension_state_item> {
    static constexpr std::string_view ami_name = "ExtensionStateList"; ///< the `Action:` name
    using result_type = list_result<extension_state_item>;             ///< one item per hint
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "ExtensionStateListComplete";
};

/// @brief One device's state (a `DeviceStateChange` item of DeviceStateList).
struct device_state_item {
    message event{};      ///< the item as received
    std::string device{}; ///< `Device`: `PJSIP/100`, `Custom:ext100`, `Queue:support`...
    std::string state{};  ///< `State`: NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING,
                          ///< RINGINUSE, ONHOLD, UNKNOWN

    /// @brief Converts one item event.
    static device_state_item from_event(message m, std::error_code&) {
        device_state_item out;
        out.device = std::string(m.get("Device"));
        out.state = std::string(m.get("State"));
        out.event = std::move(m);
        return out;
    }
};

/// @brief `Action: DeviceStateList`: every device with a cached state. Asterisk 13+.
struct device_state_list : detail::list_action<device_state_list, device_state_item> {
    static constexpr std::string_view ami_name = "DeviceStateList"; ///< the `Action:` name
    using result_type = list_result<device_state_item>;             ///< one item per device
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "DeviceStateListComplete";
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_EXTENSION_STATE_HPP
