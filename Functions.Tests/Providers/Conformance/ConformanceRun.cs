using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AuthFunctions.Providers;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// One provider sign-in through the app's public HTTP contract: the app (in memory, Development) with its provider
/// HttpClient routed to a replay server playing the fixture. The steps are the browser's and the SPA's.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    private ConformanceRun(ProviderFixture fixture, ReplayServer replay, TestApp app)
    {
        Fixture = fixture;
        Replay = replay;
        App = app;
    }

    public ProviderFixture Fixture { get; }

    public ReplayServer Replay { get; }

    public TestApp App { get; }

    public FlowValues Values => Replay.Values;

    public static async Task<ConformanceRun> StartAsync(ProviderFixture fixture, ReplayScript script)
    {
        var replay = await ReplayServer.StartNewAsync(fixture, script, FlowValues.For(fixture, TestApp.PublicBaseUrl));
        try
        {
            var settings = fixture.Settings.ToDictionary(kv => $"OAuth:Providers:{fixture.Provider}:{kv.Key}", kv => (string?)kv.Value);
            var app = await TestApp.StartAsync(settings, configure: builder => builder.Services.AddHttpClient(ProviderHttp.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new ReplayRoutingHandler(replay.Address)));
            replay.Clock = app.Time;
            return new ConformanceRun(fixture, replay, app);
        }
        catch
        {
            await replay.DisposeAsync();
            throw;
        }
    }

    /// <summary>The SPA's login (token mode, its own PKCE challenge); returns the provider authorization URL.</summary>
    public async Task<Uri> LoginAsync()
    {
        using var login = await Flows.LoginAsync(App, Fixture.Provider);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"login: {await login.Content.ReadAsStringAsync()}\n{Replay.Report()}");
        return login.Headers.Location!;
    }

    /// <summary>The differences between the authorization URL and the fixture's; binds state, nonce and code_challenge.</summary>
    public IReadOnlyList<string> CheckAuthorizeUrl(Uri authorizationUrl) => AuthorizeUrlMatcher.Mismatches(Fixture.Authorize, authorizationUrl, Values);

    /// <summary>The provider sends the browser back, as the fixture says (query or form_post); returns where the app sent it.</summary>
    public async Task<string> CallbackAsync()
    {
        var parameters = Fixture.Callback.Parameters.Select(kv => KeyValuePair.Create(kv.Key, Template.Render(kv.Value, Values))).ToList();
        var callback = App.Local(Values.RedirectUri);
        using var response = Fixture.Callback.Method == "POST"
            ? await App.Browser.PostAsync(callback, new FormUrlEncodedContent(parameters))
            : await App.Browser.GetAsync(new UriBuilder(callback) { Query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")) }.Uri);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"callback: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{Replay.Report()}");
        return response.Headers.Location!.ToString();
    }

    /// <summary>The SPA redeems the handoff code with its verifier; returns the session JSON.</summary>
    public async Task<JsonObject> SessionAsync(string handoffCode) =>
        JsonNode.Parse((await Flows.RedeemAsync(App, handoffCode)).GetRawText())!.AsObject();

    /// <summary><c>GET /api/auth/me</c> with the app token.</summary>
    public async Task<JsonObject> MeAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await App.Browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"/me: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Replay.DisposeAsync();
    }
}
