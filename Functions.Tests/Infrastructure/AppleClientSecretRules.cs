using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// What Apple's token endpoint checks of a <c>client_secret</c>, written from Apple's "Creating a client secret" and
/// independent of the app's code: header alg ES256 and the key's kid; claims iss (team id), iat, exp (at most
/// 15,777,000 s ahead of Apple's clock), aud https://appleid.apple.com, sub (client id); an ES256 signature (r||s)
/// by the key. https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
/// </summary>
public static class AppleClientSecretRules
{
    public const long MaxSecondsAhead = 15777000;

    /// <summary>Null when Apple would accept <paramref name="jwt"/>; otherwise why it would not.</summary>
    public static string? Problem(string jwt, ECDsa publicKey, string keyId, string teamId, string clientId, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "not a compact JWS";
        }

        JsonElement header, payload;
        try
        {
            header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0])).RootElement.Clone();
            payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[1])).RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return "header or payload is not base64url JSON";
        }

        if (Text(header, "alg") != "ES256" || Text(header, "kid") != keyId)
        {
            return "header: alg must be ES256 and kid the key id";
        }

        if (Text(payload, "iss") != teamId || Text(payload, "sub") != clientId || Text(payload, "aud") != "https://appleid.apple.com")
        {
            return "claims: iss must be the team id, sub the client id, aud https://appleid.apple.com";
        }

        if (Number(payload, "iat") is not { } iat || Number(payload, "exp") is not { } exp)
        {
            return "claims: iat and exp must be numbers";
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (exp <= nowSeconds || exp <= iat || exp - nowSeconds > MaxSecondsAhead || iat > nowSeconds + 60)
        {
            return "claims: expired, issued in the future, or exp more than 15777000 s ahead";
        }

        byte[] signature;
        try
        {
            signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        }
        catch (FormatException)
        {
            return "signature is not base64url";
        }

        // JWS ES256 (RFC 7518 §3.4): the 64-byte r||s form, not DER.
        return signature.Length == 64 && publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : "signature does not verify with the key";
    }

    /// <summary>A JWT's payload as JSON, for tests that check its claims one by one.</summary>
    public static JsonElement Part(string jwt, int index) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[index])).RootElement.Clone();

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
