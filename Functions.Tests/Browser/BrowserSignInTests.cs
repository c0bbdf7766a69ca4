using AuthFunctions.Tests.Infrastructure;
using Microsoft.Playwright;
using Shouldly;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace AuthFunctions.Tests.Browser;

/// <summary>
/// A person's sign-in in real headless Chromium: the demo SPA (built on /api/auth/client.js) signs in, survives a
/// reload, refreshes when the access token has expired, and signs out. Token mode runs with the SPA on another
/// origin than the app; cookie mode with the SPA served by the app itself (same site).
/// </summary>
public sealed class BrowserSignInTests(BrowserFixture browser)
{
    private static string ScreenshotDir => Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private static async Task ShouldBeSignedInAsync(IPage page, string name)
    {
        await page.Locator("#signed-in").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        (await page.Locator("#name").TextContentAsync()).ShouldBe(name);
    }

    /// <summary>Advances the app's clock past the access token's lifetime and checks fetchWithAuth refreshes once.</summary>
    private static async Task ExpiredAccessTokenIsRefreshedAsync(IPage page, TestApp app)
    {
        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var refreshes = 0;
        page.Request += (_, r) => refreshes += r.Url.EndsWith("/api/auth/refresh", StringComparison.Ordinal) ? 1 : 0;

        await page.ClickAsync("#call");
        await page.Locator("#result").Filter(new() { HasTextString = "200" }).WaitForAsync();

        refreshes.ShouldBe(1);
        (await page.Locator("#result").TextContentAsync())!.ShouldContain("\"id\": \"dev:");
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.ClickAsync("#signout");
        await page.Locator("#buttons button").First.WaitForAsync();
        (await page.Locator("#signed-in").IsHiddenAsync()).ShouldBeTrue();
        await page.ReloadAsync();
        await page.Locator("body[data-ready=true]").WaitForAsync();
        (await page.Locator("#signed-in").IsHiddenAsync()).ShouldBeTrue();
    }

    private static async Task DevSignInAsync(IPage page, string name)
    {
        await page.ClickAsync("button[data-provider=dev]");
        await page.FillAsync("#name", name);
        await page.FillAsync("#email", "grace@example.test");
        await page.ClickAsync("button[type=submit]");
    }

    [Fact]
    public async Task Token_mode_from_another_origin_signs_in_reloads_refreshes_and_signs_out()
    {
        await using var demo = await new CrossOriginDemo().StartAsync();
        var (app, spaOrigin) = (demo.App, demo.SpaOrigin);
        var page = await NewPageAsync(browser.Browser);

        await page.GotoAsync(spaOrigin);
        await DevSignInAsync(page, "Grace Hopper");

        await ShouldBeSignedInAsync(page, "Grace Hopper");
        page.Url.ShouldBe(spaOrigin);
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, "signed-in-token-mode.png"), FullPage = true });

        await page.ReloadAsync();
        await ShouldBeSignedInAsync(page, "Grace Hopper");
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('authfn.refresh')")).ShouldNotBeNull();
        (await page.EvaluateAsync<string>("document.cookie")).ShouldBeEmpty();

        await ExpiredAccessTokenIsRefreshedAsync(page, app);
        await SignOutAsync(page);
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('authfn.refresh')")).ShouldBeNull();
    }

    [Fact]
    public async Task Token_mode_from_another_origin_signs_in_through_a_real_OpenID_provider()
    {
        await using var demo = new CrossOriginDemo();
        await using var provider = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            Clients = [OidcProviderFixture.StandardClient("acme") with { RedirectUri = new Uri($"{demo.AppBase}/api/auth/custom/acme/callback") }],
        });
        var client = provider.Client("acme");
        await demo.StartAsync(new()
        {
            ["OAuth:Providers:acme:ClientId"] = client.ClientId,
            ["OAuth:Providers:acme:ClientSecret"] = client.ClientSecret,
            ["OAuth:Providers:acme:Issuer"] = provider.Issuer,
            ["OAuth:Providers:acme:DisplayName"] = "Acme SSO",
        });
        var spaOrigin = demo.SpaOrigin;
        var page = await NewPageAsync(browser.Browser);

        await page.GotoAsync(spaOrigin);
        await page.ClickAsync("button[data-provider=acme]");

        await ShouldBeSignedInAsync(page, "Alice Example");
        page.Url.ShouldBe(spaOrigin);
        (await page.Locator("#user-id").TextContentAsync()).ShouldBe("acme:alice");
    }

    [Fact]
    public async Task Cookie_mode_on_the_same_site_signs_in_reloads_refreshes_and_signs_out()
    {
        var appPort = AzuriteFixture.FreePort();
        var appBase = $"http://127.0.0.1:{appPort}";
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:PublicBaseUrl"] = null,
            ["OAuth:AllowedReturnUrls:0"] = appBase + "/",
        }, port: appPort);
        var page = await NewPageAsync(browser.Browser);

        await page.GotoAsync(appBase + "/?mode=cookie");
        await DevSignInAsync(page, "Grace Cookie");

        await ShouldBeSignedInAsync(page, "Grace Cookie");
        (await page.EvaluateAsync<string>("document.cookie")).ShouldNotContain("auth-session");
        (await page.Context.CookiesAsync()).ShouldContain(c => c.Name == "auth-session" && c.HttpOnly);
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('authfn.refresh')")).ShouldBeNull();
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, "signed-in-cookie-mode.png"), FullPage = true });

        await page.ReloadAsync();
        await ShouldBeSignedInAsync(page, "Grace Cookie");
        await ExpiredAccessTokenIsRefreshedAsync(page, app);
        await SignOutAsync(page);
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "auth-session");
    }
}
