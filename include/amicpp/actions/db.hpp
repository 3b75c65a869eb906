// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_DB_HPP
#define AMICPP_ACTIONS_DB_HPP

/// @file
/// @brief AstDB: `DBGet`, `DBPut`, `DBDel`, `DBGetTree`.

#include <amicpp/action.hpp>
#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/detail/list_action.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/list_result.hpp>
#include <amicpp/message.hpp>
#include <amicpp/reply.hpp>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace amicpp::actions {

/// @brief The answer to DBGet.
struct db_get_result {
    message response{};   ///< `Message: Result will follow`, or the error (`Database entry not
                          ///< found` for a missing key)
    std::string family{}; ///< `Family`
    std::string key{};    ///< `Key`
    std::string value{};  ///< `Val`
    message event{};      ///< the `DBGetResponse` event
};

/// @brief `Action: DBGet`: one AstDB value. Asterisk 13+ answer with a one-item list
/// (`DBGetResponse`, `DBGetComplete`); older ones with the `DBGetResponse` event alone.
struct db_get {
    static constexpr std::string_view ami_name = "DBGet"; ///< the `Action:` name
    using result_type = db_get_result;                    ///< the value

    std::string family{}; ///< `Family` (required)
    std::string key{};    ///< `Key` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Family", family);
        m.add("Key", key);
        return m;
    }

    /// @brief A list when the server says so (`EventList: start`, Asterisk 13+); otherwise the
    /// operation waits for the `DBGetResponse` event.
    completion_spec completion() const {
        completion_spec c;
        c.final_event = "DBGetResponse";
        return c;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        db_get_result out;
        out.response = std::move(r.response);
        message* found = nullptr;
        if (!r.items.empty())
            found = &r.items.front();
        else if (r.final_event.is_event("DBGetResponse"))
            found = &r.final_event;
        if (found != nullptr) {
            out.family = std::string(found->get("Family"));
            out.key = std::string(found->get("Key"));
            out.value = std::string(found->get("Val"));
            out.event = std::move(*found);
        }
        return out;
    }
};

/// @brief `Action: DBPut`: store an AstDB value.
struct db_put {
    static constexpr std::string_view ami_name = "DBPut"; ///< the `Action:` name
    using result_type = ack_result;                       ///< `Updated database successfully`

    std::string family{}; ///< `Family` (required)
    std::string key{};    ///< `Key` (required)
    std::string value{};  ///< `Val`

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Family", family);
        m.add("Key", key);
        m.add("Val", value);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief `Action: DBDel`: delete one AstDB key.
struct db_del {
    static constexpr std::string_view ami_name = "DBDel"; ///< the `Action:` name
    using result_type = ack_result;                       ///< `Key deleted successfully`

    std::string family{}; ///< `Family` (required)
    std::string key{};    ///< `Key` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Family", family);
        m.add("Key", key);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief One AstDB entry (a `DBGetTreeResponse` item).
struct db_entry {
    message event{};      ///< the item as received
    std::string family{}; ///< `Family`
    std::string key{};    ///< `Key`
    std::string value{};  ///< `Val`

    /// @brief Converts one item event.
    static db_entry from_event(message m, std::error_code&) {
        db_entry e;
        e.family = std::string(m.get("Family"));
        e.key = std::string(m.get("Key"));
        e.value = std::string(m.get("Val"));
        e.event = std::move(m);
        return e;
    }
};

/// @brief `Action: DBGetTree` (Asterisk 16.28, 18.14, 19.6+): every entry under a family (and
/// key prefix).
struct db_get_tree {
    static constexpr std::string_view ami_name = "DBGetTree"; ///< the `Action:` name
    using result_type = list_result<db_entry>;                ///< one item per entry

    std::string family{}; ///< `Family`: empty for the whole database
    std::string key{};    ///< `Key`: a key prefix within the family

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Family", family);
        detail::add_if(m, "Key", key);
        return m;
    }

    /// @brief A list ended by DBGetTreeComplete.
    completion_spec completion() const { return detail::list_completion("DBGetTreeComplete"); }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return detail::typed_list<db_entry>(std::move(r), ec);
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_DB_HPP
