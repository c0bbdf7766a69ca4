using AuthFunctions.Hosting;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>What a person reads when start-up fails on configuration: one line naming the setting as typed.</summary>
public sealed class StartupErrorTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void A_value_that_is_not_a_TimeSpan_is_named_with_an_example()
    {
        var e = new InvalidOperationException("Failed to convert configuration value '1hour' at 'OAuth:AccessTokenLifetime' to type 'System.TimeSpan'.");

        StartupErrors.Describe(e, Settings(("OAuth:AccessTokenLifetime", "1hour")))
            .ShouldBe(["OAuth__AccessTokenLifetime: \"1hour\" is not a TimeSpan (e.g. 01:00:00)"]);
    }

    [Fact]
    public void An_unknown_setting_is_named_by_its_full_key()
    {
        var e = new InvalidOperationException("'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not found on the instance of AuthFunctions.Core.ProviderSettings: 'ClientIdd'");

        StartupErrors.Describe(e, Settings(("OAuth:Providers:github:ClientIdd", "x")))
            .ShouldBe(["OAuth__Providers__github__ClientIdd: not a known setting (check the spelling)"]);
    }

    [Fact]
    public void An_exception_that_is_not_about_settings_is_not_described()
    {
        StartupErrors.Describe(new InvalidOperationException("something else"), Settings()).ShouldBeEmpty();
    }
}
