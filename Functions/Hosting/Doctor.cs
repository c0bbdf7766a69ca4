using System.Text.RegularExpressions;
using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// <c>AuthFunctions doctor</c>: checks every enabled provider from this machine with the settings the app would run
/// with, and the settings start-up would refuse. It builds the app's services as the standalone host does but starts
/// nothing (no web host, worker or sweep) and touches no table; every network call has the app's time-out, and all of
/// them together end within <see cref="TimeLimit"/>.
/// </summary>
internal static partial class Doctor
{
    public const string Command = "doctor";

    /// <summary>The bound on all checks together; a single call is bounded by the app's own shorter time-outs.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    public static bool IsInvoked(IReadOnlyList<string> args) => args is [Command, ..];

    public static int Run(string[] args) => RunAsync(args[1..], Console.Out, Console.Error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var parsed = DoctorArguments.Parse(args);
        if (parsed.Help)
        {
            output.WriteLine(DoctorArguments.Usage);
            return DoctorReport.AllWell;
        }

        if (parsed.Error is not null)
        {
            errors.WriteLine($"doctor: {parsed.Error}");
            errors.WriteLine();
            errors.WriteLine(DoctorArguments.Usage);
            return DoctorReport.BadUsage;
        }

        WebApplicationBuilder builder;
        try
        {
            builder = LocalHost.CreateBuilder([.. parsed.Settings]);
        }
        catch (Exception e) when (StartupErrors.Describe(e, null) is { Count: > 0 } lines)
        {
            // A settings file that is not JSON, or an unreadable AzureWebJobsStorage: nothing else can be read either.
            return Report(output, "AuthFunctions doctor", [DoctorSettingsCheck.Failed(lines)]);
        }

        builder.Logging.ClearProviders();

        // Start-up refuses invalid settings, and the doctor reports them through the same validators (IStartupValidator
        // reads the validated options). The providers are still worth checking meanwhile, so what uses the settings
        // gets them bound exactly as the app binds them, but not validated.
        builder.Services.AddSingleton<IOptions<OAuthOptions>>(sp => Options.Create(
            sp.GetRequiredService<IConfiguration>().GetSection(OAuthOptions.Section).Get<OAuthOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new OAuthOptions()));

        await using var app = builder.Build();
        var settings = DoctorSettingsCheck.Check(app.Services, app.Configuration);
        var providers = await ProvidersAsync(app).ConfigureAwait(false);
        IReadOnlyList<DoctorBlock> blocks = providers is null
            ? [settings with { Checks = [.. settings.Checks, new(DoctorStatus.Skip, "providers", "not checked until the settings above are fixed")] }]
            : [settings, .. providers];
        return Report(output, $"AuthFunctions doctor (environment {app.Environment.EnvironmentName})", blocks);
    }

    private static int Report(TextWriter output, string header, IReadOnlyList<DoctorBlock> blocks)
    {
        DoctorReport.Write(output, header, blocks);
        return DoctorReport.ExitCode(blocks);
    }

    /// <summary>One block per enabled provider, checked side by side; null when the provider settings cannot be resolved.</summary>
    private static async Task<IReadOnlyList<DoctorBlock>?> ProvidersAsync(WebApplication app)
    {
        var services = app.Services;
        OAuthOptions options;
        ProviderRegistry? registry;
        try
        {
            options = services.GetRequiredService<IOptions<OAuthOptions>>().Value;
            registry = services.GetService<ProviderRegistry>();
        }
        catch (InvalidOperationException)
        {
            // A value the binder cannot read (settings already name it): there are no providers to speak of.
            registry = null;
            options = new OAuthOptions();
        }

        if (registry is null)
        {
            return null;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var secrets = new DoctorSecretCheck(services.GetRequiredService<ISecretStore>, KeyVaultEnabled(app.Configuration), options);
        var check = new DoctorProviderCheck(
            new DoctorDiscovery(services.GetRequiredService<IHttpClientFactory>(), time),
            services.GetRequiredService<OidcMetadataCache>(),
            secrets,
            CallbackBaseOf(options, app.Configuration, app.Environment));
        using var limit = new CancellationTokenSource(TimeLimit, time);
        return await Task.WhenAll(registry.Enabled.Select(p => CheckAsync(check, p, limit.Token))).ConfigureAwait(false);
    }

    private static async Task<DoctorBlock> CheckAsync(DoctorProviderCheck check, ResolvedProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            return await check.CheckAsync(provider, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One provider's unexpected failure is its verdict; the others are still reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new(provider.Id, provider.Id, [DoctorCheck.Fail("check", $"could not be completed ({e.GetType().Name})")]);
        }
    }

    /// <summary>Where callbacks point: <c>OAuth__PublicBaseUrl</c>; in Development without it, this machine's address as the standalone host listens.</summary>
    private static CallbackBase CallbackBaseOf(OAuthOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? new(options.PublicBaseUrl.TrimEnd('/'), string.Empty)
                : new(null, "OAuth__PublicBaseUrl is not a valid URL");
        }

        return environment.IsDevelopment()
            ? new(LocalBaseUrl(configuration), " (this machine's address, as OAuth__PublicBaseUrl is not set; deployed, the app's OAuth__PublicBaseUrl takes its place)")
            : new(null, "OAuth__PublicBaseUrl is not set");
    }

    private static string LocalBaseUrl(IConfiguration configuration)
    {
        static string First(string list) => list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];

        return configuration["urls"] is { Length: > 0 } urls ? AnyHost().Replace(First(urls), "${scheme}localhost").TrimEnd('/')
            : configuration["https_ports"] is { Length: > 0 } https ? "https://localhost:" + First(https)
            : configuration["http_ports"] is { Length: > 0 } http ? "http://localhost:" + First(http)
            : AppConfiguration.DefaultUrl;
    }

    private static bool KeyVaultEnabled(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(KeyVaultOptions.Section).Get<KeyVaultOptions>()?.IsEnabled ?? false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Kestrel's listen-on-everything hosts, which a browser cannot be sent to.</summary>
    [GeneratedRegex(@"^(?<scheme>https?://)(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AnyHost();
}
