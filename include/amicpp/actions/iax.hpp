// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_IAX_HPP
#define AMICPP_ACTIONS_IAX_HPP

/// @file
/// @brief IAX2 peers: `IAXpeers` and the richer `IAXpeerlist`.

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

/// @brief One IAX2 peer (a `PeerEntry` item).
struct iax_peer {
    message event{};                ///< the item as received
    std::string channel_type{};     ///< `Channeltype`: IAX2 (IAXpeers) or IAX (IAXpeerlist)
    std::string object_name{};      ///< `ObjectName`: `name` (or `name/username` in IAXpeers)
    std::string object_username{};  ///< `ObjectUsername` (IAXpeerlist)
    std::string chan_object_type{}; ///< `ChanObjectType`: peer or user
    std::string ip_address{};       ///< `IPaddress`
    std::string mask{};             ///< `Mask` (IAXpeerlist)
    int port = 0;                   ///< `IPport` (IAXpeers) or `Port` (IAXpeerlist)
    bool dynamic = false;           ///< `Dynamic`
    bool trunk = false;             ///< `Trunk`
    std::string encryption{};       ///< `Encryption`: no, or the methods
    std::string status{};           ///< `Status`: OK (n ms), UNREACHABLE, Unmonitored...
    std::string description{};      ///< `Description` (IAXpeers)

    /// @brief Converts one item event; a bad port or flag sets `error::invalid_field`.
    static iax_peer from_event(message m, std::error_code& ec) {
        iax_peer p;
        const detail::field_reader f(m, ec);
        p.channel_type = f.text("Channeltype");
        p.object_name = f.text("ObjectName");
        p.object_username = f.text("ObjectUsername");
        p.chan_object_type = f.text("ChanObjectType");
        p.ip_address = f.text("IPaddress");
        p.mask = f.text("Mask");
        p.port = m.contains("IPport") ? f.number<int>("IPport") : f.number<int>("Port");
        p.dynamic = f.flag("Dynamic");
        p.trunk = f.flag("Trunk");
        p.encryption = f.text("Encryption");
        p.status = f.text("Status");
        p.description = f.text("Description");
        p.event = std::move(m);
        return p;
    }
};

/// @brief `Action: IAXpeers`: `PeerEntry` events, then `PeerlistComplete`. Asterisk 22 sends
/// the items without ActionID; the connection attributes them to the open list.
struct iax_peers : detail::list_action<iax_peers, iax_peer> {
    static constexpr std::string_view ami_name = "IAXpeers"; ///< the `Action:` name
    using result_type = list_result<iax_peer>;               ///< one item per peer
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "PeerlistComplete";
};

/// @brief `Action: IAXpeerlist`: as IAXpeers, with `ObjectUsername`, `Mask` and `Port`, and
/// items that carry the ActionID. Asterisk 1.6+.
struct iax_peerlist : detail::list_action<iax_peerlist, iax_peer> {
    static constexpr std::string_view ami_name = "IAXpeerlist"; ///< the `Action:` name
    using result_type = list_result<iax_peer>;                  ///< one item per peer
    /// @brief The event that ends the list.
    static constexpr std::string_view complete_event = "PeerlistComplete";
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_IAX_HPP
