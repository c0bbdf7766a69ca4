using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>Issue 11: <c>OAuth__Roles__*</c> put roles in the app JWT, the session's user and /me, and follow rule changes at refresh.</summary>
public sealed class RoleTests(AzuriteFixture azurite) : GitHubPolicyApps(azurite)
{
    [Fact]
    public async Task Roles_by_user_id_and_verified_domain_are_in_the_token_the_session_and_me()
    {
        var app = await StartAsync(("OAuth:Roles:admin:0", "github:583231"), ("OAuth:Roles:staff:0", "@example.test"), ("OAuth:Roles:nobody:0", "github:1"));

        var session = await SignInAsync(app);

        Roles(session.GetProperty("user")).ShouldBe(["admin", "staff"]);
        var token = session.GetProperty("access_token").GetString()!;
        new JwtSecurityTokenHandler().ReadJwtToken(token).Claims.Where(c => c.Type == "roles").Select(c => c.Value).ShouldBe(["admin", "staff"]);
        Roles(await MeAsync(app, token)).ShouldBe(["admin", "staff"]);
    }

    [Fact]
    public async Task Without_role_rules_the_roles_are_empty()
    {
        var app = await StartAsync();

        var session = await SignInAsync(app);

        Roles(session.GetProperty("user")).ShouldBeEmpty();
        Roles(await MeAsync(app, session.GetProperty("access_token").GetString()!)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_changed_role_rule_takes_effect_at_the_next_refresh()
    {
        var before = await StartAsync(("OAuth:Roles:admin:0", "github:583231"));
        var session = await SignInAsync(before);
        Roles(session.GetProperty("user")).ShouldBe(["admin"]);

        // The same tables, restarted with the admin rule moved to someone else and a new one given.
        var after = await StartAsync(("OAuth:Roles:admin:0", "github:1"), ("OAuth:Roles:editor:0", "github"));
        using var refreshed = await after.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = session.GetProperty("refresh_token").GetString()! });
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var next = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;

        Roles(next.GetProperty("user")).ShouldBe(["editor"]);
        Roles(await MeAsync(after, next.GetProperty("access_token").GetString()!)).ShouldBe(["editor"]);
    }

    [Fact]
    public async Task A_user_an_allow_rule_no_longer_admits_cannot_refresh()
    {
        var before = await StartAsync(("OAuth:Allow:0", "github"));
        var session = await SignInAsync(before);
        var refreshToken = session.GetProperty("refresh_token").GetString()!;

        var after = await StartAsync(("OAuth:Allow:0", "github:1"));
        using var refused = await after.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = refreshToken });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The session is revoked, not just refused once: the old rules would not bring it back.
        using var again = await before.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = refreshToken });
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<JsonElement> SignInAsync(TestApp app)
    {
        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        GitHub.Unexpected.ShouldBeEmpty();
        return await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);
    }

    private static async Task<JsonElement> MeAsync(TestApp app, string token)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new("Bearer", token);
        using var response = await app.Browser.SendAsync(me);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Roles(JsonElement user) => [.. user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
}
