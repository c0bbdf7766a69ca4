using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>The steps the fault tests interrupt, each stopped where the fault is injected, and the checks of a clean refusal.</summary>
internal static class ResilienceFlows
{
    /// <summary>Login and the provider's approval: the callback URL the browser is about to follow.</summary>
    public static async Task<Uri> UpToCallbackAsync(TestApp app, string provider = "github")
    {
        using var login = await Flows.LoginAsync(app, provider);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        return await Flows.ApproveAtStandInAsync(login.Headers.Location!);
    }

    /// <summary>Through the callback: the handoff code in <c>return_url#code=…</c>.</summary>
    public static async Task<string> UpToSessionAsync(TestApp app, string provider = "github")
    {
        using var done = await Flows.CallbackAsync(app, await UpToCallbackAsync(app, provider));
        var code = Flows.Fragment(done.Headers.Location?.ToString() ?? "", "code");
        code.ShouldNotBeNull(await done.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Through /session: the first refresh token.</summary>
    public static async Task<string> UpToRefreshAsync(TestApp app, string provider = "github") =>
        (await Flows.RedeemAsync(app, await UpToSessionAsync(app, provider))).GetProperty("refresh_token").GetString()!;

    public static Task<HttpResponseMessage> RefreshAsync(IAppUnderTest app, string token) =>
        app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token });

    /// <summary>A refresh that must succeed; returns the successor.</summary>
    public static async Task<string> RotateAsync(IAppUnderTest app, string token)
    {
        using var response = await RefreshAsync(app, token);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
    }

    /// <summary>Fail closed: 503 problem+json with <paramref name="code"/>, no redirect, no cookie set.</summary>
    public static async Task ShouldBeUnavailableAsync(HttpResponseMessage response, string code)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        response.Headers.Location.ShouldBeNull();
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe(code);
    }

    /// <summary>The callback sent the browser back to the SPA with exactly this error code, and no handoff code.</summary>
    public static void ShouldBeErrorRedirect(HttpResponseMessage response, string code)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=" + code);
    }

    /// <summary>A state that was used (or spent by a failure after it was taken) cannot be used again.</summary>
    public static async Task ShouldBeSpentAsync(TestApp app, Uri callback)
    {
        using var again = await Flows.CallbackAsync(app, callback);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(again)).GetProperty("code").GetString().ShouldBe("invalid_state");
    }
}
