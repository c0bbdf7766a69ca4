using AuthFunctions.Core;
using Microsoft.Extensions.Options;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>The rules on users no GitHub stand-in can produce: unverified emails and Entra tenants.</summary>
public sealed class UserSelectorTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private static readonly NormalizedUser Entra = new() { Provider = "microsoft", Subject = "AAAAabc", Email = "ada@contoso.com", Tenant = Tenant };

    [Theory]
    [InlineData("entra-tenant:" + Tenant, true)]
    [InlineData("entra-tenant:72F988BF-86F1-41AF-91AB-2D7CD011DB47", true)]
    [InlineData("entra-tenant:00000000-0000-0000-0000-000000000001", false)]
    [InlineData("microsoft", true)]
    [InlineData("microsoft:AAAAabc", true)]
    [InlineData("microsoft:aaaaabc", false)]
    public void Tenant_provider_and_id_rules_match_as_written(string rule, bool matches) =>
        UserSelector.Parse(rule).Selector!.Matches(Entra).ShouldBe(matches);

    [Fact]
    public void An_unverified_email_matches_no_domain_rule()
    {
        var rule = UserSelector.Parse("@contoso.com").Selector!;

        rule.Matches(Entra).ShouldBeFalse();
        rule.Matches(Entra with { EmailVerified = true }).ShouldBeTrue();
    }

    [Fact]
    public void A_staff_domain_role_is_not_given_for_an_unverified_email()
    {
        var policy = new AccessPolicy(Options.Create(new OAuthOptions { Roles = new() { ["staff"] = ["@contoso.com"], ["tenant"] = ["entra-tenant:" + Tenant] } }));

        policy.WithRoles(Entra).Roles.ShouldBe(["tenant"]);
        policy.WithRoles(Entra with { EmailVerified = true }).Roles.ShouldBe(["staff", "tenant"]);
    }
}
