using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Sessions;

/// <summary>
/// Writes a compact ES256 JWS (RFC 7515, RFC 7519, RFC 9068 <c>at+jwt</c>) straight into UTF-8 buffers: the header is
/// encoded once per key, the payload by one <see cref="Utf8JsonWriter"/>, and the signature is ECDSA P-256 over SHA-256
/// in the IEEE P1363 form JWS requires. The same tokens JsonWebTokenHandler writes, without its per-token
/// dictionaries, claim conversions and string round trips; JsonWebTokenHandler still validates them (/me, JWKS users).
/// </summary>
internal sealed class AppTokenWriter
{
    private readonly byte[] _encodedHeader;

    public AppTokenWriter(ECDsaSecurityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        var header = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteString("alg", SecurityAlgorithms.EcdsaSha256);
            json.WriteString("kid", key.KeyId);
            json.WriteString("typ", "at+jwt");
            json.WriteEndObject();
        }

        _encodedHeader = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header.WrittenSpan));
    }

    /// <summary>The key this writer signs with.</summary>
    public ECDsaSecurityKey Key { get; }

    /// <summary>The token for <paramref name="writePayload"/>'s claims, which it writes as the members of one JSON object.</summary>
    public string Write<TState>(TState state, Action<Utf8JsonWriter, TState> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            writePayload(json, state);
            json.WriteEndObject();
        }

        // header.payload, then .signature over exactly those bytes.
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signatureStart = _encodedHeader.Length + 1 + payloadLength;
        var total = signatureStart + 1 + Base64Url.GetEncodedLength(64);
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            _encodedHeader.CopyTo(buffer, 0);
            buffer[_encodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload.WrittenSpan, buffer.AsSpan(_encodedHeader.Length + 1), out _, out _);
            Span<byte> signature = stackalloc byte[64];
            if (!Key.ECDsa.TrySignData(buffer.AsSpan(0, signatureStart), signature, HashAlgorithmName.SHA256, out var written) || written != 64)
            {
                throw new CryptographicException("ES256 signature of an unexpected size.");
            }

            buffer[signatureStart] = (byte)'.';
            Base64Url.EncodeToUtf8(signature, buffer.AsSpan(signatureStart + 1), out _, out _);
            return Encoding.ASCII.GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
