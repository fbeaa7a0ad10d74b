#pragma once

// The request head and body parser the server feeds from its socket buffer (server.cpp), apart
// from the server so that it is tested and fuzzed (fuzz/http_request_fuzz.cpp) without a socket.
// Beast's parser headers are included here, so only http/ .cpp files and fuzz/ include this file.

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/ascii.hpp"
#include "http/encoding.hpp"
#include "http/message.hpp"
#include "http/wire.hpp"

namespace plaza::http {

// Parses a request straight into a reused plaza::http::Request: no intermediate field
// container. Enforces the field count; the route's body limit is set once the header is known.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser(Request& request, int max_fields) : request_(request), max_fields_(max_fields) {}

  int version() const { return version_; }
  /// The status a request with an unacceptable framing gets (its parse then fails), else 0.
  int refusal() const { return refusal_; }
  const std::string& refusal_message() const { return refusal_message_; }
  bool expects_continue() const { return expect_continue_; }
  int host_count() const { return host_count_; }
  void set_route_body_limit(std::size_t limit) { body_limit_ = limit; }
  void TrimHeaders() { request_.headers.resize(fields_); }

 private:
  void on_request_impl(boost::beast::http::verb, boost::beast::string_view method,
                       boost::beast::string_view target, int version,
                       boost::beast::error_code&) override {
    request_.method.assign(method.data(), method.size());
    request_.target.assign(target.data(), target.size());
    version_ = version;
  }

  void on_response_impl(int, boost::beast::string_view, int,
                        boost::beast::error_code& ec) override {
    ec = boost::beast::http::error::bad_version;  // never called for a request parser
  }

  void on_field_impl(boost::beast::http::field field, boost::beast::string_view name,
                     boost::beast::string_view value, boost::beast::error_code& ec) override {
    if (fields_ >= static_cast<std::size_t>(max_fields_)) {
      ec = boost::beast::http::error::header_limit;
      return;
    }
    auto& headers = request_.headers;
    // Reuse the strings of the previous request on this connection.
    if (fields_ == headers.size()) headers.emplace_back();
    auto& [lower_name, stored_value] = headers[fields_++];
    lower_name.resize(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) lower_name[i] = AsciiLower(name[i]);
    stored_value.assign(value.data(), value.size());
    if (field == boost::beast::http::field::host) ++host_count_;
    if (field == boost::beast::http::field::content_length) has_content_length_ = true;
    if (field == boost::beast::http::field::transfer_encoding) {
      // Beast looks only for a final "chunked" in each line; the whole list is judged at the
      // end of the header (on_header_impl).
      if (has_transfer_encoding_) transfer_codings_.push_back(',');
      transfer_codings_.append(value.data(), value.size());
      has_transfer_encoding_ = true;
    }
    if (field == boost::beast::http::field::expect &&
        EqualsIgnoreCase(std::string_view(value.data(), value.size()), "100-continue")) {
      expect_continue_ = true;
    }
  }

  void on_header_impl(boost::beast::error_code& ec) override {
    TrimHeaders();
    if (!has_transfer_encoding_) return;
    // RFC 9112 §6.1 and §6.3. Each refusal closes the connection (Reject), so that no byte
    // after this header is ever read as a request of its own.
    if (version_ < 11) {
      Refuse(400, "Transfer-Encoding in an HTTP/1.0 request", ec);
    } else if (has_content_length_) {
      Refuse(400, "Transfer-Encoding together with Content-Length", ec);
    } else if (int status = TransferCodingStatus(transfer_codings_); status == 501) {
      Refuse(501, "transfer coding not implemented: only chunked is", ec);
    } else if (status != 0) {
      Refuse(400, "Transfer-Encoding must be a single, final chunked", ec);
    }
  }

  void Refuse(int status, std::string message, boost::beast::error_code& ec) {
    refusal_ = status;
    refusal_message_ = std::move(message);
    ec = boost::beast::http::error::bad_transfer_encoding;
  }

  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         boost::beast::error_code& ec) override {
    if (!length) return;
    if (*length > body_limit_) {
      ec = boost::beast::http::error::body_limit;
      return;
    }
    request_.body.reserve(static_cast<std::size_t>(*length));
  }

  std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override {
    return Append(body, ec);
  }

  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                            boost::beast::error_code&) override {}

  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                 boost::beast::error_code& ec) override {
    return Append(body, ec);
  }

  void on_finish_impl(boost::beast::error_code&) override {}

  std::size_t Append(boost::beast::string_view body, boost::beast::error_code& ec) {
    if (request_.body.size() + body.size() > body_limit_) {
      ec = boost::beast::http::error::body_limit;
      return 0;
    }
    request_.body.append(body.data(), body.size());
    return body.size();
  }

  Request& request_;
  int max_fields_;
  std::size_t fields_ = 0;
  std::size_t body_limit_ = 0;
  int version_ = 11;
  int host_count_ = 0;
  bool expect_continue_ = false;
  bool has_content_length_ = false;
  bool has_transfer_encoding_ = false;
  std::string transfer_codings_;  // every Transfer-Encoding line, joined with ","
  int refusal_ = 0;
  std::string refusal_message_;
};

}  // namespace plaza::http
