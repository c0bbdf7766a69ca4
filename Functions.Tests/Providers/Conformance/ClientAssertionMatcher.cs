using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// Checks a client_secret the app signs itself (Apple: an ES256 JWT from the .p8 key, iss = team id, sub = client id,
/// aud = https://appleid.apple.com, at most six months long): signature against the fixture's public key, header, claims.
/// </summary>
public static class ClientAssertionMatcher
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public static IEnumerable<string> Mismatches(ClientAssertion expected, string? jwt, FlowValues values, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(jwt))
        {
            yield return "missing";
            yield break;
        }

        if (!Handler.CanReadToken(jwt))
        {
            yield return "not a JWT";
            yield break;
        }

        var token = Handler.ReadJsonWebToken(jwt);
        if (token.Alg != expected.Alg)
        {
            yield return $"alg: expected {expected.Alg}, got {token.Alg}";
        }

        foreach (var (name, template) in expected.Header)
        {
            var value = token.TryGetHeaderValue<string>(name, out var v) ? v : null;
            if (Template.Mismatch(template, value, values) is { } why)
            {
                yield return $"header {name}: {why}";
            }
        }

        var result = Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = PublicKey(expected),
            ValidAlgorithms = [expected.Alg],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireSignedTokens = true,
        }).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            yield return $"signature does not verify with the fixture's public key ({result.Exception?.GetType().Name})";
        }

        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        var iat = claims["iat"]?.GetValue<long>();
        var exp = claims["exp"]?.GetValue<long>();
        if (iat is null || exp is null)
        {
            yield return "iat and exp are required";
        }
        else
        {
            if (DateTimeOffset.FromUnixTimeSeconds(iat.Value) > now + Skew)
            {
                yield return "iat is in the future";
            }

            if (DateTimeOffset.FromUnixTimeSeconds(exp.Value) <= now)
            {
                yield return "exp has passed";
            }

            if (expected.MaxLifetimeSeconds is { } max && exp - iat > max)
            {
                yield return $"exp - iat is {exp - iat} s, more than the {max} s the provider accepts";
            }
        }

        claims.Remove("iat");
        claims.Remove("exp");
        foreach (var m in JsonMatch.Mismatches(expected.Claims, claims, values, "claims"))
        {
            yield return m;
        }
    }

    private static SecurityKey PublicKey(ClientAssertion expected)
    {
        if (expected.Alg.StartsWith("ES", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(expected.PublicKey);
            return new ECDsaSecurityKey(ec);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(expected.PublicKey);
        return new RsaSecurityKey(rsa);
    }
}
