using System.Net;
using System.Net.Http.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>Built-in rate limits: per client address (and provider), 429 problem+json with Retry-After, a fresh minute resets.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Logins_over_the_limit_get_429_with_Retry_After_until_the_minute_is_over()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["OAuth:RateLimits:LoginPerMinute"] = "3" });

        for (var i = 0; i < 3; i++)
        {
            using var ok = await Flows.LoginAsync(app, "dev");
            ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var over = await Flows.LoginAsync(app, "dev");
        over.StatusCode.ShouldBe((HttpStatusCode)429);
        (await Flows.ProblemAsync(over)).GetProperty("code").GetString().ShouldBe("rate_limited");
        int.Parse(over.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        over.Headers.CacheControl!.NoStore.ShouldBeTrue();
        over.Headers.Contains("Set-Cookie").ShouldBeFalse();

        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var again = await Flows.LoginAsync(app, "dev");
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_forwarded_header_does_not_buy_a_new_allowance_standalone()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["OAuth:RateLimits:LoginPerMinute"] = "1" });
        using (var first = await Flows.LoginAsync(app, "dev"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"/api/auth/dev/login?return_url={Uri.EscapeDataString(TestApp.SpaUrl)}&code_challenge={Flows.Challenge}&code_challenge_method=S256");
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await app.Browser.SendAsync(spoofed);

        response.StatusCode.ShouldBe((HttpStatusCode)429);
    }

    [Fact]
    public async Task Refreshes_over_the_limit_get_429_and_the_token_is_not_spent()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["OAuth:RateLimits:RefreshPerMinute"] = "1" });
        var session = await Flows.DevSignInAsync(app);
        var token = session.GetProperty("refresh_token").GetString()!;
        using var second = await Flows.DevLoginAsync(app); // another sign-in; its refresh comes second
        var other = (await Flows.RedeemAsync(app, Flows.Fragment(second.Headers.Location!.ToString(), "code")!)).GetProperty("refresh_token").GetString()!;

        using var first = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = other });
        using var over = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token });
        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var later = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token });

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        over.StatusCode.ShouldBe((HttpStatusCode)429);
        later.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_negative_limit_stops_startup_naming_the_setting()
    {
        (await TestApp.StartupFailureAsync(new Dictionary<string, string?> { ["OAuth:RateLimits:SessionPerMinute"] = "-1" }, "Development"))
            .ShouldContain("OAuth__RateLimits__SessionPerMinute");
    }

    [Fact]
    public async Task The_limit_holds_through_the_worker_under_the_Functions_host()
    {
        await using var app = await WorkerApp.StartAsync(new Dictionary<string, string?> { ["OAuth:RateLimits:LoginPerMinute"] = "2" });

        using var one = await Flows.LoginAsync(app, "dev");
        using var two = await Flows.LoginAsync(app, "dev");
        using var three = await Flows.LoginAsync(app, "dev");

        one.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        two.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        three.StatusCode.ShouldBe((HttpStatusCode)429);
        three.Headers.Contains("Retry-After").ShouldBeTrue();
    }
}
