using System.Security.Cryptography;
using System.Text;
using AuthFunctions.Configuration;
using AuthFunctions.Diagnostics;
using AuthFunctions.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Sessions;

/// <summary>
/// The ES256 key that signs app access tokens, from <c>OAuth__SigningKey</c> (PEM). In Development without one,
/// a key is generated on first use (tokens then die with the process), with a warning.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly Lazy<ECDsa> _ecdsa;
    private readonly Lazy<ECDsaSecurityKey> _current;

    public SigningKeys(IOptions<OAuthOptions> options, ILogger<SigningKeys> logger)
    {
        var pem = options.Value.SigningKey;
        _ecdsa = new Lazy<ECDsa>(() =>
        {
            var ecdsa = ECDsa.Create();
            if (string.IsNullOrWhiteSpace(pem))
            {
                Log.GeneratedSigningKey(logger);
                ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
            }
            else
            {
                ecdsa.ImportFromPem(pem);
            }

            return ecdsa;
        });
        _current = new Lazy<ECDsaSecurityKey>(() =>
        {
            var key = new ECDsaSecurityKey(_ecdsa.Value);
            key.KeyId = Thumbprint(_ecdsa.Value.ExportParameters(false));
            return key;
        });
    }

    /// <summary>The key new tokens are signed with.</summary>
    public ECDsaSecurityKey Current => _current.Value;

    /// <summary>Keys tokens are accepted from (current; the previous one joins when rotation arrives).</summary>
    public IReadOnlyList<SecurityKey> Validation => [Current];

    public JwksDto Jwks()
    {
        var p = _ecdsa.Value.ExportParameters(false);
        return new JwksDto([new JwkDto
        {
            X = Base64UrlEncoder.Encode(p.Q.X!),
            Y = Base64UrlEncoder.Encode(p.Q.Y!),
            Kid = Current.KeyId,
        }]);
    }

    /// <summary>Checks a PEM value at start-up so a bad key stops the app with a message naming the setting.</summary>
    public static string? Check(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return ecdsa.KeySize == 256 ? null : "OAuth__SigningKey: must be a P-256 (ES256) private key";
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "OAuth__SigningKey: not a PEM EC private key (PKCS#8 or SEC1)";
        }
    }

    /// <summary>RFC 7638 JWK thumbprint: a stable kid that other backends can cache keys by.</summary>
    private static string Thumbprint(ECParameters p)
    {
        var json = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X!)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y!)}\"}}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    public void Dispose()
    {
        if (_ecdsa.IsValueCreated)
        {
            _ecdsa.Value.Dispose();
        }
    }
}
