using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Core;

/// <summary>Random values, hashes and PKCE, all base64url.</summary>
public static class Crypto
{
    /// <summary>A random base64url string of <paramref name="bytes"/> bytes of entropy (32 bytes = 256 bits).</summary>
    public static string RandomToken(int bytes = 32) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>
    /// 256 random bits as 64 lower-case hex digits: an OAuth <c>state</c> every provider takes as it is (WeChat allows
    /// only [A-Za-z0-9], at most 128 bytes; Alipay at most 100 characters).
    /// </summary>
    public static string RandomState() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256, base64url: how codes and tokens are stored when the value is not needed again.</summary>
    public static string Hash(string value) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>The PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    public static string S256(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>True for a base64url value of 43 characters: a PKCE S256 challenge or a 256-bit token.</summary>
    public static bool IsToken43(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].</summary>
    public static bool IsPkceVerifier(string? value) =>
        value is { Length: >= 43 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');
}
