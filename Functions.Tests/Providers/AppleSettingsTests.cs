using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>An enabled es256_client_secret provider (Apple) needs its team id, key id and a P-256 key: start-up says which is wrong.</summary>
public sealed class AppleSettingsTests
{
    private static Dictionary<string, string?> Apple()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return new()
        {
            ["OAuth:Providers:apple:ClientId"] = "com.example.web",
            ["OAuth:Providers:apple:TeamId"] = "TEAM123456",
            ["OAuth:Providers:apple:KeyId"] = "KEY1234567",
            ["OAuth:Providers:apple:ClientSecret"] = key.ExportPkcs8PrivateKeyPem(),
        };
    }

    [Theory]
    [InlineData("OAuth:Providers:apple:TeamId", null, "OAuth__Providers__apple__TeamId: required")]
    [InlineData("OAuth:Providers:apple:KeyId", null, "OAuth__Providers__apple__KeyId: required")]
    [InlineData("OAuth:Providers:apple:KeyId", "KEY 12/34", "OAuth__Providers__apple__KeyId")]
    [InlineData("OAuth:Providers:apple:ClientSecret", null, "OAuth__Providers__apple__ClientSecret")]
    [InlineData("OAuth:Providers:apple:ClientSecret", "a-plain-string-secret-0123456789", "OAuth__Providers__apple__ClientSecret: must be the private key")]
    public async Task A_missing_or_malformed_Apple_setting_stops_startup_naming_it(string key, string? value, string message)
    {
        var settings = Apple();
        settings[key] = value;

        var failure = await TestApp.StartupFailureAsync(settings, "Production");

        failure.ShouldContain(message);
        if (value is not null)
        {
            failure.ShouldNotContain(value, Case.Sensitive, "a setting's value is never echoed: it may be a secret");
        }
    }

    [Fact]
    public async Task With_its_settings_Apple_is_listed_and_its_login_needs_no_network_until_used()
    {
        await using var app = await TestApp.StartAsync(Apple(), "Production");

        var providers = await app.Browser.GetStringAsync("/api/auth/providers");

        providers.ShouldContain("\"id\":\"apple\"");
    }
}
