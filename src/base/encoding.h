// Text encodings of bytes, as spec/formats.md §1 defines them.
//  - hex: lowercase out; in: either case, and spaces between bytes.
//  - base64: RFC 4648 with '=' padding (evidence.json only).
//  - base64url: encode strips '='; decode is lenient (adds padding, accepts
//    '+' '/', ignores other non-alphabet bytes) as the original decoder.
#ifndef MSE_BASE_ENCODING_H_
#define MSE_BASE_ENCODING_H_

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

namespace mse {

std::string HexEncode(ByteView data);
// Fails with InvalidArgument naming the offending character or odd length.
StatusOr<Bytes> HexDecode(std::string_view text);
// For key material: the grammar of HexDecode, but the error names only the
// offset, never the character (it may be a digit of a secret), and nothing
// decoded is left unwiped.
StatusOr<SecretBytes> HexDecodeSecret(std::string_view text);

std::string Base64Encode(ByteView data);
// Strict RFC 4648 (padding required, no stray characters).
StatusOr<Bytes> Base64Decode(std::string_view text);

// Unpadded base64url.
std::string Base64UrlEncode(ByteView data);
// Padded base64url, as Python's urlsafe_b64encode (Fernet tokens and keys).
std::string Base64UrlEncodePadded(ByteView data);
// Lenient decoder (see above). Fails only on impossible lengths.
StatusOr<Bytes> Base64UrlDecode(std::string_view text);

}  // namespace mse

#endif  // MSE_BASE_ENCODING_H_
