using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>Issue 11: <c>entra-tenant:</c> rules read the validated id_token's <c>tid</c> of a Microsoft sign-in (Entra stand-in, Azurite).</summary>
public sealed class EntraTenantPolicyTests : IAsyncLifetime
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string OtherTenant = "0b6f2c1e-3f4d-4c3a-9d7e-2a1b3c4d5e6f";
    private OidcStandIn _entra = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _entra = await OidcStandIn.StartEntraAsync();
        var settings = _entra.MicrosoftSettings();
        settings["OAuth:Allow:0"] = "entra-tenant:" + Tenant;
        settings["OAuth:Roles:admin:0"] = "entra-tenant:" + Tenant;
        _app = await TestApp.StartAsync(settings, environment: "Production");
        _entra.Now = _app.Time.GetUtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task An_account_of_the_allowed_tenant_signs_in_with_the_tenant_and_its_role()
    {
        _entra.SignInFromTenant(Tenant);

        var back = await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        var user = (await Flows.RedeemAsync(_app, Flows.Fragment(back, "code")!)).GetProperty("user");
        user.GetProperty("tenant").GetString().ShouldBe(Tenant);
        user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["admin"]);
    }

    [Fact]
    public async Task An_account_of_another_tenant_is_not_allowed()
    {
        _entra.SignInFromTenant(OtherTenant);

        var back = await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync);

        back.ShouldBe(TestApp.SpaUrl + "#error=not_allowed");
    }
}
