using System.Net;
using AuthFunctions.Core;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>
/// Login CSRF through the handoff code (RFC 9700 §4.4, PKCE downgrade §2.1.1): an attacker stops their own sign-in at
/// <c>return_url#code=X</c> and sends a victim there. The code must be worthless without the PKCE verifier of the
/// tab that started the sign-in, so a token-mode login needs the SPA's code_challenge and /session its verifier.
/// </summary>
public sealed class LoginCsrfTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new Dictionary<string, string?>());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_token_mode_login_without_the_SPAs_code_challenge_is_refused_and_sets_nothing()
    {
        using var login = await _app.Browser.GetAsync("/api/auth/dev/login?return_url=" + Uri.EscapeDataString(TestApp.SpaUrl));

        login.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(login)).GetProperty("code").GetString().ShouldBe("code_challenge_required");
        login.Headers.Contains("Set-Cookie").ShouldBeFalse();
        login.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task A_handoff_code_is_refused_without_its_verifier_and_is_spent_by_the_attempt()
    {
        using var back = await Flows.DevLoginAsync(_app);
        var code = Flows.Fragment(back.Headers.Location!.ToString(), "code")!;

        using var withoutVerifier = await Flows.SessionAsync(_app, code, verifier: null);
        using var withIt = await Flows.SessionAsync(_app, code, Flows.Verifier);

        withoutVerifier.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(withoutVerifier)).GetProperty("code").GetString().ShouldBe("invalid_grant");
        withIt.StatusCode.ShouldBe(HttpStatusCode.BadRequest); // one use, even a failed one: a thief burns it for good
    }

    [Fact]
    public async Task A_cookie_mode_login_needs_no_code_challenge()
    {
        using var back = await Flows.DevLoginAsync(_app, "&mode=cookie", challenge: false);

        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        back.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("auth-session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_GET_to_logout_does_not_end_a_cookie_mode_session()
    {
        using (var back = await Flows.DevLoginAsync(_app, "&mode=cookie", challenge: false))
        {
            back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        // A same-site link or image could send this GET; only the POST with X-CSRF may end the session.
        using var logout = await _app.Browser.GetAsync("/api/auth/dev/logout?return_url=" + Uri.EscapeDataString(TestApp.SpaUrl));
        using var me = await _app.Browser.GetAsync("/api/auth/me");

        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        logout.Headers.TryGetValues("Set-Cookie", out var cleared).ShouldBeFalse(string.Join("; ", cleared ?? []));
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_test_verifier_matches_the_challenge_the_flows_send()
    {
        Crypto.S256(Flows.Verifier).ShouldBe(Flows.Challenge);
    }
}
