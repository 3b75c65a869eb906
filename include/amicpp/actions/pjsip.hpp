// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_PJSIP_HPP
#define AMICPP_ACTIONS_PJSIP_HPP

/// @file
/// @brief PJSIP: `PJSIPShowEndpoints`, `PJSIPShowEndpoint` and `PJSIPShowContacts`.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/detail/ascii.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace amicpp::actions {

/// @brief One endpoint (an `EndpointList` item).
struct pjsip_endpoint {
    message event{};              ///< the item as received
    std::string object_name{};    ///< `ObjectName`: the endpoint's id
    std::string transport{};      ///< `Transport`
    std::string aor{};            ///< `Aor`: its AORs, comma separated
    std::string auths{};          ///< `Auths`
    std::string outbound_auths{}; ///< `OutboundAuths`
    std::string device_state{};   ///< `DeviceState`: Not in use, Unavailable, In use...
    int active_channels = 0;      ///< `ActiveChannels`
    std::string contacts{};       ///< `Contacts`: `aor/uri` pairs, comma separated

    /// @brief Converts one item event; a bad number sets `error::invalid_field`.
    static pjsip_endpoint from_event(message m, std::error_code& ec) {
        pjsip_endpoint e;
        const detail::field_reader f(m, ec);
        e.object_name = f.text("ObjectName");
        e.transport = f.text("Transport");
        e.aor = f.text("Aor");
        e.auths = f.text("Auths");
        e.outbound_auths = f.text("OutboundAuths");
        e.device_state = f.text("DeviceState");
        e.active_channels = f.number<int>("ActiveChannels");
        e.contacts = f.text("Contacts");
        e.event = std::move(m);
        return e;
    }
};

/// @brief `Action: PJSIPShowEndpoints`: every endpoint (`EndpointList` events, then
/// `EndpointListComplete`). An empty configuration answers `error::action_failed` ("There are no
/// endpoints").
struct pjsip_show_endpoints : detail::list_action<pjsip_show_endpoints, pjsip_endpoint> {
    static constexpr std::string_view ami_name = "PJSIPShowEndpoints"; ///< the `Action:` name
    using result_type = list_result<pjsip_endpoint>;                   ///< one per endpoint
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "EndpointListComplete";
};

/// @brief The qualify state of one contact (`ContactStatusDetail` or `ContactList`).
struct pjsip_contact {
    message event{};                              ///< the event as received
    std::string aor{};                            ///< `AOR` (ContactStatusDetail) or the
                                                  ///< `ObjectName` of a ContactList item
    std::string uri{};                            ///< `URI` / `Uri`
    std::string endpoint{};                       ///< `EndpointName` / `Endpoint`
    std::string status{};                         ///< `Status`: Reachable, Unreachable,
                                                  ///< NonQualified, Unknown
    std::optional<std::int64_t> roundtrip_usec{}; ///< `RoundtripUsec` (none when `N/A`)
    std::string user_agent{};                     ///< `UserAgent`
    std::string via_address{};                    ///< `ViaAddress` / `ViaAddr`
    int via_port = 0;                             ///< `ViaPort` (ContactList)
    std::string call_id{};                        ///< `CallID` / `CallId`
    std::int64_t expiration = 0;                  ///< `RegExpire` / `ExpirationTime`: Unix time
    int qualify_frequency = 0;                    ///< `QualifyFrequency`: seconds
    double qualify_timeout = 0;                   ///< `QualifyTimeout`: seconds
    std::string outbound_proxy{};                 ///< `OutboundProxy`
    std::string path{};                           ///< `Path`

    /// @brief Converts one event; a bad number sets `error::invalid_field`.
    static pjsip_contact from_event(message m, std::error_code& ec) {
        pjsip_contact c;
        const detail::field_reader f(m, ec);
        const bool list_item = m.is_event("ContactList");
        c.aor = f.text(list_item ? "ObjectName" : "AOR");
        c.uri = f.text("URI");
        c.endpoint = f.text(list_item ? "Endpoint" : "EndpointName");
        c.status = f.text("Status");
        c.roundtrip_usec = f.optional_number<std::int64_t>("RoundtripUsec");
        c.user_agent = f.text("UserAgent");
        c.via_address = f.text(list_item ? "ViaAddr" : "ViaAddress");
        c.via_port = f.number<int>("ViaPort");
        c.call_id = f.text("CallID");
        c.expiration = f.number<std::int64_t>(list_item ? "ExpirationTime" : "RegExpire");
        c.qualify_frequency = f.number<int>("QualifyFrequency");
        c.qualify_timeout = f.number<double>("QualifyTimeout");
        c.outbound_proxy = f.text("OutboundProxy");
        c.path = f.text("Path");
        c.event = std::move(m);
        return c;
    }
};

/// @brief The answer to PJSIPShowEndpoint: the endpoint's detail events by kind. Wrap them in
/// the event views (`amicpp::events::endpoint_detail{r.endpoint}`) for typed access.
struct pjsip_show_endpoint_result {
    message response{};                    ///< the list's acknowledgement
    message endpoint{};                    ///< `EndpointDetail`
    std::vector<message> aors{};           ///< `AorDetail` events
    std::vector<message> auths{};          ///< `AuthDetail` events
    std::vector<message> transports{};     ///< `TransportDetail` events
    std::vector<message> identifies{};     ///< `IdentifyDetail` events
    std::vector<pjsip_contact> contacts{}; ///< `ContactStatusDetail` events
    std::vector<message> other_items{};    ///< any other item, as received
    message complete{};                    ///< `EndpointDetailComplete`
};

/// @brief `Action: PJSIPShowEndpoint`: one endpoint with its AORs, auths, transport, identifies
/// and contacts.
struct pjsip_show_endpoint {
    static constexpr std::string_view ami_name = "PJSIPShowEndpoint"; ///< the `Action:` name
    using result_type = pjsip_show_endpoint_result;                   ///< the details

    std::string endpoint{}; ///< `Endpoint` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Endpoint", endpoint);
        return m;
    }

    /// @brief A list ended by EndpointDetailComplete.
    completion_spec completion() const { return detail::list_completion("EndpointDetailComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        pjsip_show_endpoint_result out;
        out.response = std::move(r.response);
        using amicpp::detail::iequals;
        for (message& m : r.items) {
            const std::string_view name = m.event_name();
            if (iequals(name, "EndpointDetail"))
                out.endpoint = std::move(m);
            else if (iequals(name, "AorDetail"))
                out.aors.push_back(std::move(m));
            else if (iequals(name, "AuthDetail"))
                out.auths.push_back(std::move(m));
            else if (iequals(name, "TransportDetail"))
                out.transports.push_back(std::move(m));
            else if (iequals(name, "IdentifyDetail"))
                out.identifies.push_back(std::move(m));
            else if (iequals(name, "ContactStatusDetail"))
                out.contacts.push_back(pjsip_contact::from_event(std::move(m), ec));
            else
                out.other_items.push_back(std::move(m));
        }
        out.complete = std::move(r.final_event);
        return out;
    }
};

/// @brief `Action: PJSIPShowContacts` (Asterisk 16+): every contact (`ContactList` events, then
/// `ContactListComplete`).
struct pjsip_show_contacts : detail::list_action<pjsip_show_contacts, pjsip_contact> {
    static constexpr std::string_view ami_name = "PJSIPShowContacts"; ///< the `Action:` name
    using result_type = list_result<pjsip_contact>;                   ///< one per contact
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "ContactListComplete";
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_PJSIP_HPP
