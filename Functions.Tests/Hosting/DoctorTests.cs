using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// <c>dotnet AuthFunctions.dll doctor</c> as a person runs it, from the built output (and the published apphost),
/// in Production, against loopback providers: its exit code, the line naming each failed check, the callback URL,
/// and never a secret. Table Storage is a server that must receive no request.
/// </summary>
public sealed class DoctorTests(PublishedBuild build)
{
    private const string PublicBaseUrl = "https://auth.example.test";

    private sealed record Run(int ExitCode, string Output, string Errors, TimeSpan Took)
    {
        public override string ToString() => $"exit {ExitCode} after {Took.TotalSeconds:0.0} s\n{Output}\n{Errors}";
    }

    /// <summary>Records any request: the doctor must create no table and read no row.</summary>
    private sealed class UntouchableStorage : StandInServer
    {
        public static async Task<UntouchableStorage> StartNewAsync()
        {
            var s = new UntouchableStorage();
            await s.StartAsync();
            return s;
        }

        public string ConnectionString => AzuriteProcess.ConnectionStringFor($"{Address}{AzuriteFixture.AccountName}");

        protected override void Map(WebApplication app)
        {
        }
    }

    private static readonly string SigningKey = CreateSigningKey();

    private static string CreateSigningKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Everything Production needs besides the providers.</summary>
    private static Dictionary<string, string?> ProductionSettings(UntouchableStorage storage, Dictionary<string, string?> providers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OAuth__PublicBaseUrl"] = PublicBaseUrl,
            ["OAuth__AllowedReturnUrls__0"] = TestApp.SpaUrl,
            ["OAuth__SigningKey"] = SigningKey,
            ["AzureWebJobsStorage"] = storage.ConnectionString,
        };
        foreach (var (key, value) in providers)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return settings;
    }

    private static async Task<Run> RunAsync(IEnumerable<string> args, Dictionary<string, string?> environment, string? executable = null)
    {
        var psi = executable is null
            ? new ProcessStartInfo("dotnet", [Path.Combine(FunctionsMetadata.AppDirectory, "AuthFunctions.dll"), .. args])
            : new ProcessStartInfo(executable, args);
        psi.WorkingDirectory = Path.GetTempPath();
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("OAuth__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("KeyVault__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(inherited);
        }

        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new(process.ExitCode, await stdout, await stderr, started.Elapsed);
    }

    private static Task<Run> DoctorAsync(Dictionary<string, string?> environment, params string[] args) => RunAsync(["doctor", .. args], environment);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_provider_whose_discovery_names_the_configured_issuer_passes_and_its_callback_URL_is_printed()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartNewAsync();
        var settings = ProductionSettings(storage, provider.Settings());
        settings.Remove("OAuth__PublicBaseUrl");

        // The public URL on the command line, as the app takes it: the doctor reads the same sources.
        var run = await DoctorAsync(settings, "--OAuth:PublicBaseUrl", PublicBaseUrl);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("OK    discovery: " + provider.ConfiguredIssuer + "/.well-known/openid-configuration");
        run.Output.ShouldContain("OK    issuer: " + provider.MetadataIssuer + ", as configured");
        run.Output.ShouldContain("OK    endpoints: https, or http on loopback");
        run.Output.ShouldContain("OK    client secret: available (OAuth__Providers__standin__ClientSecret)");
        run.Output.ShouldContain("callback URL to register: " + PublicBaseUrl + "/api/auth/custom/standin/callback\n");
        run.Output.ShouldContain("OK: 1 provider checked, no problems found");
        run.Output.ShouldNotContain(OidcStandIn.ClientSecret);
        run.Output.ShouldNotContain("PRIVATE KEY");
        run.Took.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        provider.Requests.ShouldBe(["GET /.well-known/openid-configuration"]);
        provider.Unexpected.ShouldBeEmpty();
        storage.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Entra_s_multi_tenant_issuer_template_passes_as_the_app_accepts_it()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartEntraAsync();

        var run = await DoctorAsync(ProductionSettings(storage, provider.MicrosoftSettings()));

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain($"OK    issuer: {provider.MetadataIssuer}, accepted for {provider.ConfiguredIssuer} (the multi-tenant template)");
        run.Output.ShouldContain("callback URL to register: " + PublicBaseUrl + "/api/auth/microsoft/callback\n");
        provider.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_discovery_document_naming_another_issuer_fails_naming_the_provider_and_the_check()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartNewAsync(issuerPath: "/someone-else");

        var run = await DoctorAsync(ProductionSettings(storage, provider.Settings()));

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Output.ShouldContain($"FAIL  issuer: the discovery document says {provider.MetadataIssuer}, but the configured issuer is {provider.ConfiguredIssuer}");
        run.Output.ShouldContain("FAIL: 1 provider checked; problems: standin (issuer)");
        provider.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_discovery_nobody_answers_fails_naming_the_provider_and_the_check()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        var issuer = $"http://127.0.0.1:{ClosedPort()}";

        var run = await DoctorAsync(ProductionSettings(storage, new()
        {
            ["OAuth:Providers:standin:ClientId"] = OidcStandIn.ClientId,
            ["OAuth:Providers:standin:ClientSecret"] = OidcStandIn.ClientSecret,
            ["OAuth:Providers:standin:Issuer"] = issuer,
        }));

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Output.ShouldContain($"FAIL  discovery: {issuer}/.well-known/openid-configuration: no answer");
        run.Output.ShouldContain("SKIP  issuer");
        run.Output.ShouldContain("FAIL: 1 provider checked; problems: standin (discovery)");
        run.Took.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_missing_client_secret_fails_and_a_present_one_is_never_printed()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartNewAsync();
        var providers = provider.Settings();
        foreach (var (key, value) in provider.Settings("second"))
        {
            providers[key] = value;
        }

        providers.Remove("OAuth:Providers:second:ClientSecret");

        var run = await DoctorAsync(ProductionSettings(storage, providers));

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Output.ShouldContain("FAIL  client secret: missing: set OAuth__Providers__second__ClientSecret (local development) or KeyVault__Uri (the vault's secret second-client-secret)");
        run.Output.ShouldContain("OK    client secret: available (OAuth__Providers__standin__ClientSecret)");
        run.Output.ShouldContain("FAIL: 2 providers checked; problems: app settings (OAuth__Providers__second__ClientSecret), second (client secret)");
        (run.Output + run.Errors).ShouldNotContain(OidcStandIn.ClientSecret);
    }

    [Theory]
    [InlineData("OAuth__AccessTokenLifetime", "1hour")]
    [InlineData("OAuth__StateLifetime", "-00:01:00")]
    public async Task A_bad_setting_fails_with_the_message_start_up_gives(string setting, string value)
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartNewAsync();
        var settings = ProductionSettings(storage, provider.Settings());
        settings[setting] = value;
        var startup = await RunAsync(["--urls", "http://127.0.0.1:0"], settings);
        var refusals = startup.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var run = await DoctorAsync(settings);

        startup.ExitCode.ShouldBe(1, startup.ToString());
        refusals.ShouldNotBeEmpty();
        run.ExitCode.ShouldBe(1, run.ToString());
        foreach (var refusal in refusals)
        {
            refusal.ShouldStartWith(setting + ":");
            run.Output.ShouldContain("FAIL  " + refusal + "\n");
        }

        run.Output.ShouldContain($"problems: app settings ({setting})");
    }

    [Theory]
    [InlineData("extra")]
    [InlineData("--verbose")]
    [InlineData("-x")]
    public async Task Unknown_arguments_exit_2_with_the_usage(string argument)
    {
        var run = await DoctorAsync(new(), argument);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain("doctor: ");
        run.Errors.ShouldContain("Usage: AuthFunctions doctor");
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_published_apphost_runs_the_doctor()
    {
        await using var storage = await UntouchableStorage.StartNewAsync();
        await using var provider = await OidcStandIn.StartNewAsync();
        var apphost = Path.Combine(await build.DirectoryAsync(), "AuthFunctions");

        var run = await RunAsync(["doctor"], ProductionSettings(storage, provider.Settings()), apphost);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("callback URL to register: " + PublicBaseUrl + "/api/auth/custom/standin/callback\n");
        storage.Requests.ShouldBeEmpty();
    }
}
