using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// What a deployment with given provider parameters writes: main.bicep evaluated by <c>bicep snapshot</c>, so the
/// app settings and the outputs the hooks read are compared exactly, not as expressions.
/// </summary>
public sealed class ProviderParameterTests
{
    [Fact]
    public void A_providers_entry_becomes_exactly_its_app_settings_and_an_enabled_provider()
    {
        var snapshot = TemplateSnapshot.Of("""
            param providers = {
              gitee: { ClientId: 'gitee-client' }
              okta: { ClientId: 'okta-client', Domain: 'example.okta.com', AuthorizationServer: '', Scopes: 'openid email' }
              keycloak: { ClientId: '', BaseUrl: 'https://sso.example.com', Realm: 'staff' }
            }
            """);

        // An empty value (an azd environment value not set) is left out; without a client id the provider is off.
        snapshot.ProviderSettings.ShouldBe(new Dictionary<string, string>
        {
            ["OAuth__Providers__gitee__ClientId"] = "gitee-client",
            ["OAuth__Providers__okta__ClientId"] = "okta-client",
            ["OAuth__Providers__okta__Domain"] = "example.okta.com",
            ["OAuth__Providers__okta__Scopes"] = "openid email",
        }, ignoreOrder: true);
        snapshot.Outputs["OAUTH_ENABLED_PROVIDERS"].Split(' ').Order().ShouldBe(["gitee", "okta"]);
        snapshot.Outputs["OAUTH_CUSTOM_PROVIDERS"].ShouldBe("");
    }

    [Fact]
    public void No_provider_is_on_and_no_provider_setting_is_written_by_default()
    {
        var snapshot = TemplateSnapshot.Of("");

        snapshot.ProviderSettings.ShouldBeEmpty();
        snapshot.Outputs["OAUTH_ENABLED_PROVIDERS"].ShouldBe("");
    }

    [Fact]
    public void The_named_parameters_still_switch_their_providers_on_and_providers_adds_to_them()
    {
        // Backwards compatible: azd environments with GITHUB_CLIENT_ID, MICROSOFT_TENANT, APPLE_TEAM_ID, ... keep working.
        var snapshot = TemplateSnapshot.Of("""
            param githubClientId = 'gh-client'
            param microsoftClientId = 'ms-client'
            param appleClientId = 'com.example.web'
            param appleTeamId = 'TEAM123456'
            param appleKeyId = 'KEY1234567'
            param googleClientId = ''
            param providers = {
              github: { ClientId: '', Scopes: 'read:user' }
              microsoft: { ClientId: 'ms-client', Tenant: 'organizations' }
            }
            param customProviders = {
              acme: { ClientId: 'acme-client', Issuer: 'https://login.acme.example' }
            }
            """);

        // A value in providers wins over the named parameter's; an empty one does not (github keeps its client id).
        snapshot.ProviderSettings.ShouldBe(new Dictionary<string, string>
        {
            ["OAuth__Providers__github__ClientId"] = "gh-client",
            ["OAuth__Providers__github__Scopes"] = "read:user",
            ["OAuth__Providers__microsoft__ClientId"] = "ms-client",
            ["OAuth__Providers__microsoft__Tenant"] = "organizations",
            ["OAuth__Providers__apple__ClientId"] = "com.example.web",
            ["OAuth__Providers__apple__TeamId"] = "TEAM123456",
            ["OAuth__Providers__apple__KeyId"] = "KEY1234567",
            ["OAuth__Providers__acme__ClientId"] = "acme-client",
            ["OAuth__Providers__acme__Issuer"] = "https://login.acme.example",
        }, ignoreOrder: true);
        snapshot.Outputs["OAUTH_ENABLED_PROVIDERS"].Split(' ').Order().ShouldBe(["acme", "apple", "github", "microsoft"]);
        snapshot.Outputs["OAUTH_CUSTOM_PROVIDERS"].ShouldBe("acme", "the postdeploy hook prints its callback under auth/custom/acme");
    }

    [Fact]
    public void The_Microsoft_tenant_parameter_keeps_its_default_common()
    {
        var snapshot = TemplateSnapshot.Of("param microsoftClientId = 'ms-client'");

        snapshot.ProviderSettings.ShouldBe(new Dictionary<string, string>
        {
            ["OAuth__Providers__microsoft__ClientId"] = "ms-client",
            ["OAuth__Providers__microsoft__Tenant"] = "common",
        }, ignoreOrder: true);
    }
}
