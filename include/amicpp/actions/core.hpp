// Copyright (c) 2026 The amicpp authors. Distributed under the Boost Software License 1.0.
#ifndef AMICPP_ACTIONS_CORE_HPP
#define AMICPP_ACTIONS_CORE_HPP

/// @file
/// @brief The server itself: `CoreStatus`, `CoreSettings`, `ListCommands`, `Reload`,
/// `ModuleLoad`, `ModuleCheck`.

#include <amicpp/actions/detail/fields.hpp>
#include <amicpp/actions/result.hpp>
#include <amicpp/detail/ascii.hpp>
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

/// @brief The answer to CoreStatus.
struct core_status_result {
    message response{};               ///< the response with every field
    std::string startup_date{};       ///< `CoreStartupDate`: `2026-11-28`
    std::string startup_time{};       ///< `CoreStartupTime`: `19:32:16`
    std::string reload_date{};        ///< `CoreReloadDate`
    std::string reload_time{};        ///< `CoreReloadTime`
    int current_calls = 0;            ///< `CoreCurrentCalls`
    std::int64_t processed_calls = 0; ///< `CoreProcessedCalls`
};

/// @brief `Action: CoreStatus`: uptime and call counters.
struct core_status {
    static constexpr std::string_view ami_name = "CoreStatus"; ///< the `Action:` name
    using result_type = core_status_result;                    ///< the counters

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief Builds the result from the reply; a bad number sets `error::invalid_field`.
    static result_type make_result(reply&& r, std::error_code& ec) {
        core_status_result out;
        const detail::field_reader f(r.response, ec);
        out.startup_date = f.text("CoreStartupDate");
        out.startup_time = f.text("CoreStartupTime");
        out.reload_date = f.text("CoreReloadDate");
        out.reload_time = f.text("CoreReloadTime");
        out.current_calls = f.number<int>("CoreCurrentCalls");
        out.processed_calls = f.number<std::int64_t>("CoreProcessedCalls");
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief The answer to CoreSettings.
struct core_settings_result {
    message response{};                    ///< the response with every field
    std::string ami_version{};             ///< `AMIversion`: `11.0.0`
    std::string asterisk_version{};        ///< `AsteriskVersion`: `22.10.1`
    std::string system_name{};             ///< `SystemName`
    int max_calls = 0;                     ///< `CoreMaxCalls` (0: unlimited)
    double max_load_avg = 0;               ///< `CoreMaxLoadAvg` (0: unlimited)
    std::string run_user{};                ///< `CoreRunUser`
    std::string run_group{};               ///< `CoreRunGroup`
    int max_filehandles = 0;               ///< `CoreMaxFilehandles`
    bool realtime_enabled = false;         ///< `CoreRealTimeEnabled`
    bool cdr_enabled = false;              ///< `CoreCDRenabled`
    bool http_enabled = false;             ///< `CoreHTTPenabled`
    bool sounds_search_custom_dir = false; ///< `SoundsSearchCustomDir` (Asterisk 16.28+)
};

/// @brief `Action: CoreSettings`: versions and limits.
struct core_settings {
    static constexpr std::string_view ami_name = "CoreSettings"; ///< the `Action:` name
    using result_type = core_settings_result;                    ///< the settings

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief Builds the result from the reply; a bad number or flag sets
    /// `error::invalid_field`.
    static result_type make_result(reply&& r, std::error_code& ec) {
        core_settings_result out;
        const detail::field_reader f(r.response, ec);
        out.ami_version = f.text("AMIversion");
        out.asterisk_version = f.text("AsteriskVersion");
        out.system_name = f.text("SystemName");
        out.max_calls = f.number<int>("CoreMaxCalls");
        out.max_load_avg = f.number<double>("CoreMaxLoadAvg");
        out.run_user = f.text("CoreRunUser");
        out.run_group = f.text("CoreRunGroup");
        out.max_filehandles = f.number<int>("CoreMaxFilehandles");
        out.realtime_enabled = f.flag("CoreRealTimeEnabled");
        out.cdr_enabled = f.flag("CoreCDRenabled");
        out.http_enabled = f.flag("CoreHTTPenabled");
        out.sounds_search_custom_dir = f.flag("SoundsSearchCustomDir");
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief One action the server offers, from ListCommands.
struct command_info {
    std::string name{};        ///< the action's name: `Originate`
    std::string description{}; ///< its synopsis: `Originate a call.`
    std::string privileges{};  ///< the classes needed to use it: `originate,all` (`<none>`)
};

/// @brief The answer to ListCommands.
struct list_commands_result {
    message response{};                   ///< one header per action
    std::vector<command_info> commands{}; ///< in the server's order
};

/// @brief `Action: ListCommands`: the actions this server offers to this user.
struct list_commands {
    static constexpr std::string_view ami_name = "ListCommands"; ///< the `Action:` name
    using result_type = list_commands_result;                    ///< the actions

    /// @brief The wire message.
    message to_message() const { return message::action(ami_name); }

    /// @brief Builds the result: every header but Response, ActionID and Message is an action,
    /// `Name: Synopsis.  (Priv: classes)`.
    static result_type make_result(reply&& r, std::error_code&) {
        list_commands_result out;
        for (const header h : r.response) {
            if (amicpp::detail::iequals(h.key, "Response") ||
                amicpp::detail::iequals(h.key, "ActionID") ||
                amicpp::detail::iequals(h.key, "Message") ||
                amicpp::detail::iequals(h.key, "EventList"))
                continue;
            command_info c;
            c.name = std::string(h.key);
            std::string_view text = h.value;
            const std::size_t priv = text.rfind("(Priv: ");
            if (priv != std::string_view::npos && !text.empty() && text.back() == ')') {
                c.privileges = std::string(text.substr(priv + 7, text.size() - priv - 8));
                text = detail::trim_blanks(text.substr(0, priv));
            }
            c.description = std::string(text);
            out.commands.push_back(std::move(c));
        }
        out.response = std::move(r.response);
        return out;
    }
};

/// @brief `Action: Reload`: reload one module, or all of them.
struct reload {
    static constexpr std::string_view ami_name = "Reload"; ///< the `Action:` name
    using result_type = ack_result;                        ///< `Module Reloaded`

    std::string module{}; ///< `Module`: `pbx_config`, `res_pjsip.so`... (empty: everything)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Module", module);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief What ModuleLoad does (`LoadType:`).
enum class module_load_type {
    load,   ///< `load`
    unload, ///< `unload`
    reload, ///< `reload`
};

/// @brief `LoadType` text for a load type.
constexpr std::string_view to_string(module_load_type t) noexcept {
    switch (t) {
    case module_load_type::load:
        return "load";
    case module_load_type::unload:
        return "unload";
    case module_load_type::reload:
        return "reload";
    }
    return "load";
}

/// @brief `Action: ModuleLoad`: load, unload or reload a module.
struct module_load {
    static constexpr std::string_view ami_name = "ModuleLoad"; ///< the `Action:` name
    using result_type = ack_result; ///< `Module loaded.`, `Module unloaded.`...

    std::string module{};                                ///< `Module`: `res_foo.so` (reload: may
                                                         ///< be empty for all, or a core part)
    module_load_type load_type = module_load_type::load; ///< `LoadType` (required)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        detail::add_if(m, "Module", module);
        m.add("LoadType", to_string(load_type));
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code& ec) {
        return ack_result::from_reply(std::move(r), ec);
    }
};

/// @brief The answer to ModuleCheck.
struct module_check_result {
    message response{};    ///< Success when the module is loaded, Error ("Module not loaded")
    std::string version{}; ///< `Version`, sent by servers before Asterisk 14 (empty otherwise)
};

/// @brief `Action: ModuleCheck`: is a module loaded? Not loaded completes with
/// `error::action_failed`.
struct module_check {
    static constexpr std::string_view ami_name = "ModuleCheck"; ///< the `Action:` name
    using result_type = module_check_result;                    ///< the answer

    std::string module{}; ///< `Module` (required): `chan_pjsip` (`.so` optional)

    /// @brief The wire message.
    message to_message() const {
        message m = message::action(ami_name);
        m.add("Module", module);
        return m;
    }

    /// @brief Builds the result from the reply.
    static result_type make_result(reply&& r, std::error_code&) {
        module_check_result out;
        out.version = std::string(r.response.get("Version"));
        out.response = std::move(r.response);
        return out;
    }
};

} // namespace amicpp::actions

#endif // AMICPP_ACTIONS_CORE_HPP
