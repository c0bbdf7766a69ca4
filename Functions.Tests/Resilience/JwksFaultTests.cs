using AuthFunctions.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>The provider's JWKS endpoint down: cached keys keep sign-ins working; a token signed by a key not in the cache fails cleanly.</summary>
public sealed class JwksFaultTests(AzuriteFixture azurite) : OidcOnAzurite(azurite)
{
    private async Task<HttpResponseMessage> SignInAsync() => await Flows.CallbackAsync(App, await ResilienceFlows.UpToCallbackAsync(App, Provider));

    private static void ShouldBeSignedIn(HttpResponseMessage done) =>
        Flows.Fragment(done.Headers.Location?.ToString() ?? "", "code").ShouldNotBeNull(done.Headers.Location?.ToString());

    [Fact]
    public async Task With_the_jwks_endpoint_down_a_sign_in_completes_with_the_cached_keys()
    {
        using (var first = await SignInAsync())
        {
            ShouldBeSignedIn(first);
        }

        Oidc.JwksStatus = 503;

        using var second = await SignInAsync();

        ShouldBeSignedIn(second);
    }

    [Fact]
    public async Task With_the_jwks_endpoint_down_an_unknown_kid_fails_with_provider_unavailable_and_the_cached_keys_still_serve()
    {
        using (var first = await SignInAsync())
        {
            ShouldBeSignedIn(first);
        }

        var known = Oidc.Key;
        Oidc.JwksStatus = 503;
        Oidc.Key = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "key-2" };
        App.Time.Advance(TimeSpan.FromMinutes(1)); // past the refetch rate limit, so the unknown kid does ask the endpoint

        using var rotated = await SignInAsync();

        ResilienceFlows.ShouldBeErrorRedirect(rotated, "provider_unavailable");
        Oidc.Key = known;
        using var after = await SignInAsync();
        ShouldBeSignedIn(after);
    }
}
