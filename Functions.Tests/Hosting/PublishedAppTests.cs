using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// The self-contained ReadyToRun publish (what azd deploys) runs as a worker under the protocol test host and
/// behaves like the build the other tests run: sign-in on Table Storage, id_token validation, start-up errors.
/// </summary>
public sealed class PublishedAppTests(AzuriteFixture azurite, PublishedBuild build)
{
    private async Task<WorkerApp> StartAsync(Dictionary<string, string?> settings, string environment = "Production") =>
        await WorkerApp.StartAsync(settings, environment, await build.DirectoryAsync());

    private static Dictionary<string, string?> ProductionSettings(Dictionary<string, string?> extra)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new Dictionary<string, string?>
        {
            ["OAuth:PublicBaseUrl"] = TestApp.PublicBaseUrl,
            ["OAuth:AllowedReturnUrls:0"] = TestApp.SpaUrl,
            ["OAuth:SigningKey"] = key.ExportPkcs8PrivateKeyPem(),
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    [Fact]
    public async Task The_published_app_signs_in_with_GitHub_on_Table_Storage()
    {
        await using var github = await GitHubStandIn.StartNewAsync();
        var settings = ProductionSettings(github.Settings());
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var app = await StartAsync(settings);

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);

        session.GetProperty("user").GetProperty("id").GetString().ShouldBe("github:583231");
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new("Bearer", session.GetProperty("access_token").GetString());
        using var meResponse = await app.Browser.SendAsync(me);
        meResponse.StatusCode.ShouldBe(HttpStatusCode.OK, app.Output);
        github.Unexpected.ShouldBeEmpty();
        app.Output.ShouldNotContain(Flows.Fragment(back, "code")!);
        app.Output.ShouldNotContain("code=");
        app.Output.ShouldNotContain("state=");
        app.Output.ShouldContain("Audit sign-in: github signed_in");
    }

    [Fact]
    public async Task The_published_app_validates_an_OIDC_id_token()
    {
        await using var provider = await OidcStandIn.StartNewAsync();
        provider.Now = TimeProvider.System.GetUtcNow;
        await using var app = await StartAsync(ProductionSettings(provider.Settings()));

        var back = await Flows.SignInAsync(app, "standin", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=", customMessage: app.Output);
        provider.IdTokenFactory = t => t.Claims["aud"] = "someone-else";
        (await Flows.SignInAsync(app, "standin", Flows.ApproveAtStandInAsync)).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task The_published_app_refuses_to_start_on_a_malformed_setting_naming_it()
    {
        var settings = ProductionSettings(new() { ["OAuth:StateLifetime"] = "-00:01:00" });

        var e = await Should.ThrowAsync<InvalidOperationException>(async () => { await using var app = await StartAsync(settings); });

        e.Message.ShouldContain("OAuth__StateLifetime: must be a positive TimeSpan");
        e.Message.ShouldContain("code 1");
        e.Message.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task The_published_app_serves_the_dev_sign_in_in_Development()
    {
        await using var app = await StartAsync([], "Development");

        var providers = JsonDocument.Parse(await app.Browser.GetStringAsync("/api/auth/providers")).RootElement;

        providers[0].GetProperty("id").GetString().ShouldBe("dev");
        (await app.Browser.GetStringAsync("/api/auth/dev/demo")).ShouldContain("Sign-in demo");
        var session = await Flows.DevSignInAsync(app);
        session.GetProperty("user").GetProperty("id").GetString().ShouldStartWith("dev:");
    }
}
