using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace AuthFunctions.Core;

/// <summary>Random values, hashes and PKCE, all base64url.</summary>
/// <remarks>Every sign-in runs these a dozen times: the bytes stay on the stack, only the resulting string is allocated.</remarks>
public static class Crypto
{
    private const int StackLimit = 256;

    /// <summary>A random base64url string of <paramref name="bytes"/> bytes of entropy (32 bytes = 256 bits).</summary>
    public static string RandomToken(int bytes = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, StackLimit);
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    /// <summary>
    /// 256 random bits as 64 lower-case hex digits: an OAuth <c>state</c> every provider takes as it is (WeChat allows
    /// only [A-Za-z0-9], at most 128 bytes; Alipay at most 100 characters).
    /// </summary>
    public static string RandomState() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256, base64url: how codes and tokens are stored when the value is not needed again.</summary>
    public static string Hash(string value) => Sha256Base64Url(value, Encoding.UTF8);

    /// <summary>The PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    public static string S256(string verifier) => Sha256Base64Url(verifier, Encoding.ASCII);

    /// <summary>
    /// Equality in time independent of where the strings differ. Compared as UTF-16 code units: the same answer as
    /// comparing their UTF-8 bytes for every well-formed string, without encoding either.
    /// </summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a.AsSpan()), MemoryMarshal.AsBytes(b.AsSpan()));

    /// <summary>True for a base64url value of 43 characters: a PKCE S256 challenge or a 256-bit token.</summary>
    public static bool IsToken43(string? value) => value is not null && IsToken43(value.AsSpan());

    /// <summary>True for a base64url value of 43 characters, in part of a longer string.</summary>
    public static bool IsToken43(ReadOnlySpan<char> value)
    {
        if (value.Length != 43)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].</summary>
    public static bool IsPkceVerifier(string? value) =>
        value is { Length: >= 43 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    private static string Sha256Base64Url(string value, Encoding encoding)
    {
        var max = encoding.GetMaxByteCount(value.Length);
        var rented = max > StackLimit ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[StackLimit];
            var length = encoding.GetBytes(value, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], hash);
            return Base64Url.EncodeToString(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
