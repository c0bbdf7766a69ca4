using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// The app-level part of the doctor: the settings problems start-up would refuse, found by the very checks start-up
/// runs (<see cref="IStartupValidator"/>: every <c>ValidateOnStart</c> validator) and worded by <see cref="StartupErrors"/>.
/// </summary>
internal static class DoctorSettingsCheck
{
    public const string Subject = "app settings";

    public static DoctorBlock Check(IServiceProvider services, IConfiguration configuration)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return Block([DoctorCheck.Ok("start-up checks", "no setting would stop start-up")]);
        }
        catch (Exception e) when (StartupErrors.Describe(e, configuration) is { Count: > 0 } lines)
        {
            return Failed(lines);
        }
    }

    /// <summary>The lines exactly as start-up prints them; the part before the first ": " (the setting) names the check.</summary>
    public static DoctorBlock Failed(IEnumerable<string> lines) =>
        Block([.. lines.Select(line => line.IndexOf(": ", StringComparison.Ordinal) is var at and > 0
            ? DoctorCheck.Fail(line[..at], line[(at + 2)..])
            : DoctorCheck.Fail(line, string.Empty))]);

    private static DoctorBlock Block(IReadOnlyList<DoctorCheck> checks) => new(Subject, "App settings", checks);
}
