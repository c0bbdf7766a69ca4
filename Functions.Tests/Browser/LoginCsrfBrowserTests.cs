using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Playwright;
using Shouldly;

namespace AuthFunctions.Tests.Browser;

/// <summary>
/// Login CSRF through the handoff code, in Chromium: an attacker signs in with their own account, stops at
/// <c>return_url#code=X</c>, and sends the victim there. The victim's SPA (the demo page on client.js) must not
/// redeem X: the victim stays signed out, and the code never reaches /session.
/// </summary>
public sealed class LoginCsrfBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_attackers_handoff_code_opened_in_a_fresh_browser_does_not_sign_the_victim_in()
    {
        var port = AzuriteFixture.FreePort();
        var spa = $"http://127.0.0.1:{port}/";
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["OAuth:AllowedReturnUrls:0"] = spa,
        }, port: port);
        using var attacker = new SecondBrowser(app);

        // The attacker's best move is a login without the SPA's code_challenge; it must be refused. With one,
        // the code is bound to the attacker's own verifier.
        using (var withoutChallenge = await Flows.LoginAsync(attacker, "dev", spa, challenge: false))
        {
            withoutChallenge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using var stopped = await Flows.DevLoginAsync(attacker, name: "Mallory", email: "mallory@example.test", returnUrl: spa);
        var planted = stopped.Headers.Location!.ToString();
        planted.ShouldStartWith(spa + "#code=");

        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var sessionCalls = 0;
        page.Request += (_, r) => sessionCalls += r.Url.EndsWith("/api/auth/session", StringComparison.Ordinal) ? 1 : 0;

        await page.GotoAsync(planted);
        await page.Locator("body[data-ready=true]").WaitForAsync();

        (await page.Locator("#signed-in").IsHiddenAsync()).ShouldBeTrue();
        (await page.Locator("#status").TextContentAsync()).ShouldBe("Sign-in failed: unexpected_code");
        sessionCalls.ShouldBe(0);
        page.Url.ShouldBe(spa);
        await context.CloseAsync();
    }
}
