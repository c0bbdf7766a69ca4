using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// Signs the id_tokens of one replay: a fresh key per run (RS256 or ES256, served as JWKS) or the client secret (HS256,
/// as LINE does); the fixture's claims plus the authorize URL's nonce, aud = client id and fresh iat/exp.
/// </summary>
public sealed class IdTokenMinter
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly IdTokenSpec _spec;
    private readonly SigningCredentials _signing;
    private readonly JsonObject _jwks;

    public IdTokenMinter(IdTokenSpec spec, FlowValues values)
    {
        _spec = spec;
        var kid = spec.Kid ?? "fixture-" + spec.Alg.ToLowerInvariant();
        switch (spec.Alg)
        {
            case "RS256":
                var rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
                var p = rsa.Rsa.ExportParameters(false);
                _signing = new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256);
                _jwks = Jwks(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = kid, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) });
                break;
            case "ES256":
                var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = kid };
                var q = ec.ECDsa.ExportParameters(false).Q;
                _signing = new SigningCredentials(ec, SecurityAlgorithms.EcdsaSha256);
                _jwks = Jwks(new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y) });
                break;
            case "HS256":
                var secret = values.ClientSecret ?? throw new InvalidOperationException("HS256 id_tokens are keyed with the client secret: set settings.ClientSecret.");
                _signing = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);
                _jwks = Jwks();
                break;
            default:
                throw new InvalidOperationException($"idToken.alg {spec.Alg}: RS256, ES256 or HS256");
        }
    }

    /// <summary>The JWKS document (<c>"jwks": true</c> answers).</summary>
    public JsonObject Jwks() => _jwks.DeepClone().AsObject();

    /// <summary>A signed id_token for this sign-in; <paramref name="overrides"/> (a failure case's) win, null removes a claim.</summary>
    public string Mint(FlowValues values, DateTimeOffset now, JsonObject? overrides)
    {
        var claims = new JsonObject
        {
            ["aud"] = values.ClientId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + _spec.LifetimeSeconds,
        };
        if (values.Nonce is not null)
        {
            claims["nonce"] = values.Nonce;
        }

        foreach (var source in new[] { _spec.Claims, overrides ?? [] })
        {
            foreach (var (name, value) in source)
            {
                if (value is null)
                {
                    claims.Remove(name);
                }
                else
                {
                    claims[name] = Template.Render(value, values);
                }
            }
        }

        return Handler.CreateToken(claims.ToJsonString(), _signing);
    }

    private static JsonObject Jwks(params JsonObject[] keys) => new() { ["keys"] = new JsonArray([.. keys]) };
}
