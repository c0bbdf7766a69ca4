using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Providers;

/// <summary>
/// Token endpoint auth method <c>es256_client_secret</c> (Sign in with Apple): the <c>client_secret</c> sent to the
/// token endpoint is a JWT the app signs ES256 with the provider's private key (the .p8 file, PKCS#8 PEM), which is
/// the provider's client secret in the secret store (Key Vault <c>&lt;id&gt;-client-secret</c>). Header <c>alg</c>, <c>kid</c>;
/// claims <c>iss</c> (team id), <c>iat</c>, <c>exp</c>, <c>aud</c>, <c>sub</c> (client id).
/// https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
/// </summary>
public sealed class Es256ClientSecret(ISecretStore secrets, IOptions<KeyVaultOptions> keyVault, TimeProvider time)
{
    /// <summary>The <c>aud</c> Apple requires: its token endpoint's origin.</summary>
    public const string Audience = "https://appleid.apple.com";

    /// <summary>
    /// How long a minted secret is valid. Apple accepts up to <see cref="MaxLifetime"/> (six months); an hour keeps a
    /// secret that leaked (a proxy log, a crash dump) worth little, and minting one is a single local signature.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A cached secret is replaced this long before it expires, so none reaches the provider about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>Apple: "an error to request an expiration time more than 15777000 seconds (six months) in the future".</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(15777000);

    /// <summary>
    /// One minted secret per provider, replaced when it nears expiry or when what it was minted from changes (client
    /// id, team id, key id, the key itself): a rotated key never keeps an old secret alive, and the cache stays one
    /// entry per provider. Two callers racing may both mint; both secrets are valid, the last one is kept.
    /// </summary>
    private readonly ConcurrentDictionary<string, Minted> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The client secret to send now. Throws <see cref="SecretUnavailableException"/> when the key cannot be had or is
    /// not a P-256 private key (the message names the setting, never the value).
    /// </summary>
    public async ValueTask<string> GetAsync(ResolvedProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var pem = await secrets.GetClientSecretAsync(provider.Id, cancellationToken).ConfigureAwait(false);
        return For(provider, pem);
    }

    /// <summary>
    /// After the provider refused <paramref name="rejected"/> (invalid_client: the key was rotated or revoked), a secret
    /// from a fresher key, or null when the store has no other key than the one <paramref name="rejected"/> came from.
    /// </summary>
    public async ValueTask<string?> RefreshAsync(ResolvedProvider provider, string rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var pem = await secrets.GetClientSecretAsync(provider.Id, cancellationToken).ConfigureAwait(false);
        var current = For(provider, pem);
        if (!string.Equals(current, rejected, StringComparison.Ordinal))
        {
            // Someone else picked up a new key meanwhile.
            return current;
        }

        var fresh = await secrets.RefreshClientSecretAsync(provider.Id, pem, cancellationToken).ConfigureAwait(false);
        return fresh is null ? null : For(provider, fresh);
    }

    /// <summary>True when <paramref name="pem"/> holds a P-256 private key: start-up checks a key given in settings with it.</summary>
    public static bool IsP256PrivateKey(string? pem)
    {
        using var key = ImportP256(pem);
        return key is not null;
    }

    /// <summary>The signed JWT: base64url(header).base64url(payload).base64url(r||s), the signature in IEEE P1363 form (RFC 7518 §3.4).</summary>
    internal static string Mint(ECDsa key, string keyId, string teamId, string clientId, long issuedAt, long expiresAt)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", "ES256");
            w.WriteString("kid", keyId);
        });
        var payload = Json(w =>
        {
            w.WriteString("iss", teamId);
            w.WriteNumber("iat", issuedAt);
            w.WriteNumber("exp", expiresAt);
            w.WriteString("aud", Audience);
            w.WriteString("sub", clientId);
        });
        var signingInput = Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    private string For(ResolvedProvider provider, string pem)
    {
        var teamId = provider.TeamId ?? throw new InvalidOperationException($"{provider.Id}: no team id (OAuth__Providers__{provider.Id}__TeamId)");
        var keyId = provider.KeyId ?? throw new InvalidOperationException($"{provider.Id}: no key id (OAuth__Providers__{provider.Id}__KeyId)");

        // A hash, so the cache entry does not hold the key a second time; SHA-256 of a 256-bit key reveals nothing.
        var source = Crypto.Hash(string.Join('\n', provider.ClientId, teamId, keyId, pem));
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(provider.Id, out var cached) && cached.Source == source && now < cached.ExpiresAt - RenewBefore)
        {
            return cached.Value;
        }

        using var key = ImportP256(pem) ?? throw new SecretUnavailableException(
            $"{provider.Id}: the client secret ({SettingName(provider.Id)}) is not a P-256 private key in PEM form (the contents of the .p8 key file)");
        var issuedAt = now.ToUnixTimeSeconds();
        var expiresAt = issuedAt + (long)Lifetime.TotalSeconds;
        var minted = new Minted(source, Mint(key, keyId, teamId, provider.ClientId, issuedAt, expiresAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt));
        _cache[provider.Id] = minted;
        return minted.Value;
    }

    private string SettingName(string providerId) => keyVault.Value.IsEnabled
        ? $"Key Vault secret {KeyVaultOptions.ClientSecretName(providerId)}"
        : $"OAuth__Providers__{providerId}__ClientSecret";

    /// <summary>
    /// The P-256 key in a PEM value, or null. Tolerates what pasting a .p8 file into a setting does to it: <c>\n</c>
    /// written out as two characters, or only the base64 body without the BEGIN/END lines.
    /// </summary>
    private static ECDsa? ImportP256(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        var text = pem.Contains('\n', StringComparison.Ordinal) ? pem : pem.Replace("\\n", "\n", StringComparison.Ordinal);
        var key = ECDsa.Create();
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                key.ImportFromPem(text);
            }
            else
            {
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(text.Trim()), out _);
            }

            if (key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return key;
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException)
        {
            // Not a PEM EC private key: the caller says which setting; the value is never logged.
        }

        key.Dispose();
        return null;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record Minted(string Source, string Value, DateTimeOffset ExpiresAt)
    {
        /// <summary>Leaves the secret out, should a cache entry ever be logged.</summary>
        public override string ToString() => $"client secret expiring {ExpiresAt:O}";
    }
}
