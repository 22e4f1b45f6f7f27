#include "runtime/config/compat.h"

#include <algorithm>
#include <array>

namespace edgerun::config {
namespace {

// workerd's compatibility-date.capnp, both spellings of each flag, plus the flags that have no
// date. A linear scan: the list is short and read once per flag at start-up.
constexpr auto kKnownFlags = std::to_array<std::string_view>({
    "abortsignal_rpc",
    "allow_custom_ports",
    "allow_eval_during_startup",
    "assets_navigation_has_no_effect",
    "assets_navigation_prefers_asset_serving",
    "brotli_content_encoding",
    "cache_no_cache_enabled",
    "cache_option_disabled",
    "cache_option_enabled",
    "capture_async_api_throws",
    "cots_on_external_fetch",
    "crypto_dont_preserve_public_exponent",
    "crypto_preserve_public_exponent",
    "disable_nodejs_http_modules",
    "disable_nodejs_process_v2",
    "disable_request_signal",
    "do_not_capture_async_api_throws",
    "do_not_set_tostring_tag",
    "durable_object_fetch_allows_relative_url",
    "durable_object_fetch_requires_full_url",
    "enable_ctx_exports",
    "enable_nodejs_http_modules",
    "enable_nodejs_http_server_modules",
    "enable_nodejs_process_v2",
    "enable_request_signal",
    "experimental",
    "export_commonjs_default",
    "export_commonjs_namespace",
    "expose_global_message_channel",
    "fetch_legacy_url",
    "fetch_refuses_unknown_protocols",
    "fetch_standard_url",
    "fetch_treats_unknown_protocols_as_http",
    "fetcher_has_get_put_delete",
    "fetcher_no_get_put_delete",
    "formdata_parser_converts_files_to_strings",
    "formdata_parser_supports_files",
    "global_fetch_strictly_public",
    "global_navigator",
    "handle_cross_request_promise_resolution",
    "html_rewriter_treats_esi_include_as_void_tag",
    "ignore_custom_ports",
    "increase_websocket_message_size",
    "internal_writable_stream_abort_clears_queue",
    "js_rpc",
    "minimal_subrequests",
    "new_module_registry",
    "no_brotli_content_encoding",
    "no_cots_on_external_fetch",
    "no_expose_global_message_channel",
    "no_global_navigator",
    "no_handle_cross_request_promise_resolution",
    "no_minimal_subrequests",
    "no_nodejs_compat_v2",
    "no_queues_json_messages",
    "no_request_signal_passthrough",
    "no_strict_compression_checks",
    "no_strict_crypto_checks",
    "no_substitute_null_on_type_error",
    "no_upper_case_all_http_methods",
    "no_web_socket_compression",
    "nodejs_als",
    "nodejs_compat",
    "nodejs_compat_do_not_populate_process_env",
    "nodejs_compat_populate_process_env",
    "nodejs_compat_v2",
    "nodejs_zlib",
    "no_nodejs_zlib",
    "python_workers",
    "python_workers_development",
    "queue_consumer_no_wait_for_wait_until",
    "queue_consumer_wait_for_wait_until",
    "queues_json_messages",
    "r2_list_honor_include",
    "r2_list_ignore_include",
    "request_signal_passthrough",
    "response_json",
    "rpc",
    "service_binding_extra_handlers",
    "set_tostring_tag",
    "streams_byob_reader_detaches_buffer",
    "streams_byob_reader_does_not_detach_buffer",
    "streams_disable_constructors",
    "streams_enable_constructors",
    "strict_compression_checks",
    "strict_crypto_checks",
    "substitute_null_on_type_error",
    "transformstream_disable_standard_constructor",
    "transformstream_enable_standard_constructor",
    "unwrap_custom_thenables",
    "no_unwrap_custom_thenables",
    "upper_case_all_http_methods",
    "url_original",
    "url_standard",
    "urlsearchparams_delete_has_value_arg",
    "urlsearchparams_delete_ignores_value_arg",
    "vectorize_query_metadata_optional",
    "vectorize_query_original",
    "web_socket_auto_reply_to_close",
    "web_socket_compression",
    "web_socket_manual_reply_to_close",
});

}  // namespace

bool IsKnownCompatibilityFlag(std::string_view flag) {
  return std::find(kKnownFlags.begin(), kKnownFlags.end(), flag) != kKnownFlags.end();
}

bool NavigationPrefersAssetServing(const WorkerConfig& config) {
  if (config.HasFlag("assets_navigation_prefers_asset_serving")) return true;
  if (config.HasFlag("assets_navigation_has_no_effect")) return false;
  // YYYY-MM-DD compares correctly as a string; an empty date is "before everything".
  return !config.compatibility_date.empty() && config.compatibility_date >= "2025-04-01";
}

}  // namespace edgerun::config
