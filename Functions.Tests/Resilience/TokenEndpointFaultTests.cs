using System.Diagnostics;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>
/// The provider's token endpoint slow past the app's time-out, answering garbage, or answering 10 MB: the callback
/// sends the user back to the SPA with a fixed error code, the state is spent, and no session is made.
/// </summary>
public sealed class TokenEndpointFaultTests(AzuriteFixture azurite) : OidcOnAzurite(azurite)
{
    private async Task CallbackEndsInErrorAsync(string code)
    {
        var callback = await ResilienceFlows.UpToCallbackAsync(App, Provider);

        using var done = await Flows.CallbackAsync(App, callback);

        ResilienceFlows.ShouldBeErrorRedirect(done, code);
        await ResilienceFlows.ShouldBeSpentAsync(App, callback);
    }

    [Fact]
    public async Task A_token_endpoint_slower_than_the_time_out_sends_the_user_back_with_provider_unavailable()
    {
        Oidc.TokenDelay = AuthFunctions.Providers.ProviderHttp.Timeout + TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();

        await CallbackEndsInErrorAsync("provider_unavailable");

        clock.Elapsed.ShouldBeLessThan(AuthFunctions.Providers.ProviderHttp.Timeout + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_token_endpoint_answering_garbage_sends_the_user_back_with_invalid_response()
    {
        Oidc.TokenBody = "<html><body>502 Bad Gateway</body></html>";

        await CallbackEndsInErrorAsync("invalid_response");
    }

    [Fact]
    public async Task A_token_endpoint_answering_10_MB_sends_the_user_back_with_a_fixed_error_without_reading_it_all()
    {
        Oidc.TokenBody = "{\"access_token\":\"" + new string('a', 10 * 1024 * 1024) + "\"}";

        await CallbackEndsInErrorAsync("provider_unavailable");
    }
}
