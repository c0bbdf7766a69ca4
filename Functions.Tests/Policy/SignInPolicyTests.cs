using System.Net;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>Issue 11: the <c>OAuth__Allow__*</c> rules admit and refuse GitHub users (the stand-in's user is github:583231, octo@example.test).</summary>
public sealed class SignInPolicyTests(AzuriteFixture azurite) : GitHubPolicyApps(azurite)
{
    [Theory]
    [InlineData("github")]
    [InlineData("github:583231")]
    [InlineData("@example.test")]
    [InlineData("@EXAMPLE.test")]
    public async Task A_rule_that_names_the_user_admits_them(string rule)
    {
        var app = await StartAsync(("OAuth:Allow:0", "google:1"), ("OAuth:Allow:1", rule));

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        GitHub.Unexpected.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("google")]
    [InlineData("github:58323")]
    [InlineData("@other.test")]
    [InlineData("@sub.example.test")]
    [InlineData("github-org:acme")]
    [InlineData("entra-tenant:72f988bf-86f1-41af-91ab-2d7cd011db47")]
    public async Task A_user_no_rule_names_goes_back_to_the_SPA_with_not_allowed_and_no_session(string rule)
    {
        var app = await StartAsync(("OAuth:Allow:0", rule));

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);

        back.ShouldBe(TestApp.SpaUrl + "#error=not_allowed");
        GitHub.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_cookie_mode_sign_in_sets_no_session_cookie()
    {
        var app = await StartAsync(("OAuth:Allow:0", "github:1"));

        using var login = await Flows.LoginAsync(app, "github", extraQuery: "&mode=cookie", challenge: false);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        using var done = await Flows.CallbackAsync(app, await Flows.ApproveAtStandInAsync(login.Headers.Location!));

        done.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=not_allowed");
        done.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith(AuthFunctions.Http.SessionCookie.Name(false) + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_organization_rule_asks_for_read_org_and_admits_a_member()
    {
        GitHub.Organizations.AddRange(["other", "Acme"]);
        var app = await StartAsync(("OAuth:Allow:0", "github-org:acme"));

        using var login = await Flows.LoginAsync(app, "github");
        Uri.UnescapeDataString(login.Headers.Location!.Query).ShouldContain("scope=read:user user:email read:org");
        using var done = await Flows.CallbackAsync(app, await Flows.ApproveAtStandInAsync(login.Headers.Location!));

        done.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
        GitHub.Requests.ShouldContain(r => r.StartsWith("GET /api/user/orgs", StringComparison.Ordinal));
        GitHub.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_organization_rule_reads_every_page_of_organizations()
    {
        GitHub.Organizations.AddRange(Enumerable.Range(0, 150).Select(i => $"org{i}"));
        GitHub.Organizations.Add("acme");
        var app = await StartAsync(("OAuth:Allow:0", "github-org:acme"));

        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        GitHub.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_an_organization_rule_read_org_is_not_asked_and_orgs_are_not_read()
    {
        var app = await StartAsync(("OAuth:Allow:0", "github"));

        using var login = await Flows.LoginAsync(app, "github");
        Uri.UnescapeDataString(login.Headers.Location!.Query).ShouldNotContain("read:org");
        using var done = await Flows.CallbackAsync(app, await Flows.ApproveAtStandInAsync(login.Headers.Location!));

        done.Headers.Location!.ToString().ShouldStartWith(TestApp.SpaUrl + "#code=");
        GitHub.Requests.ShouldNotContain(r => r.Contains("/orgs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OAuth:Allow:0", "github:", "OAuth__Allow__0: a user id rule")]
    [InlineData("OAuth:Allow:0", "@", "OAuth__Allow__0: an email domain rule")]
    [InlineData("OAuth:Allow:0", "github-org:-x", "OAuth__Allow__0: a GitHub organization rule")]
    [InlineData("OAuth:Allow:0", "entra-tenant:contoso", "OAuth__Allow__0: an Entra tenant rule")]
    [InlineData("OAuth:Roles:admin:0", "github id", "OAuth__Roles__admin__0: ")]
    [InlineData("OAuth:Roles:ad min:0", "github", "OAuth__Roles__ad min: a role name")]
    public async Task A_malformed_rule_stops_start_up_naming_the_setting(string setting, string value, string message)
    {
        var settings = TestApp.StandardSettings("Development");
        settings[setting] = value;

        var error = await TestApp.StartupFailureAsync(settings, "Development");

        error.ShouldContain(message);
    }
}
