using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>
/// Entra's multi-tenant endpoints (common, organizations) publish the issuer template
/// <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>; a token is valid only when its iss equals the
/// template filled with the token's own tid. The stand-in serves exactly that shape on loopback.
/// </summary>
public sealed class MicrosoftIssuerTests : IAsyncLifetime
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private OidcStandIn _entra = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _entra = await OidcStandIn.StartEntraAsync();
        _app = await TestApp.StartAsync(_entra.MicrosoftSettings(), environment: "Production");
        _entra.Now = _app.Time.GetUtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _entra.DisposeAsync();
    }

    private string IssuerFor(string tenant) => _entra.MetadataIssuer.Replace("{tenantid}", tenant, StringComparison.Ordinal);

    [Fact]
    public async Task A_token_whose_issuer_carries_its_own_tenant_is_accepted()
    {
        _entra.SignInFromTenant(Tenant);

        var back = await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync);

        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        (await Flows.RedeemAsync(_app, Flows.Fragment(back, "code")!)).GetProperty("user").GetProperty("provider").GetString().ShouldBe("microsoft");
    }

    [Fact]
    public async Task A_token_whose_issuer_names_another_tenant_than_its_tid_is_refused()
    {
        _entra.TokenIssuer = IssuerFor("9188040d-6c67-4c5b-b112-36a304b66dad");
        _entra.IdTokenFactory = t => t.Claims["tid"] = Tenant;

        (await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync)).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task A_token_with_the_literal_template_as_issuer_is_refused()
    {
        _entra.TokenIssuer = _entra.MetadataIssuer;
        _entra.IdTokenFactory = t => t.Claims["tid"] = "{tenantid}";

        (await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync)).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task A_token_without_tid_is_refused()
    {
        _entra.TokenIssuer = IssuerFor(Tenant);

        (await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync)).ShouldBe(TestApp.SpaUrl + "#error=invalid_response");
    }

    [Fact]
    public async Task An_iss_parameter_with_any_tenant_guid_matches_the_template()
    {
        _entra.TokenIssuer = IssuerFor(Tenant);
        _entra.IdTokenFactory = t => t.Claims["tid"] = Tenant;
        _entra.AuthorizationResponseIss = IssuerFor(Tenant);

        (await Flows.SignInAsync(_app, "microsoft", Flows.ApproveAtStandInAsync)).ShouldStartWith(TestApp.SpaUrl + "#code=");
    }
}
