using System.Globalization;
using System.Text.RegularExpressions;
using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// A start-up that fails on configuration prints one line per problem, naming the setting as the user types it
/// (<c>OAuth__AccessTokenLifetime</c>), and exits with 1: no stack trace for a typo.
/// </summary>
internal static partial class StartupErrors
{
    public static int Run(Func<IHost> create)
    {
        IHost? host = null;
        try
        {
            host = create();

            // Not Run: it disposes the services when start-up fails, and the messages read the settings from them.
            host.Start();
            host.WaitForShutdown();
            return 0;
        }
        catch (Exception e) when (Describe(e, host?.Services.GetRequiredService<IConfiguration>()) is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                Console.Error.WriteLine(line);
            }

            return 1;
        }
        finally
        {
            host?.Dispose();
        }
    }

    /// <summary>What to tell a person about <paramref name="e"/>; empty when it is not a start-up problem we can name.</summary>
    public static IReadOnlyList<string> Describe(Exception e, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case AggregateException aggregate:
                return [.. aggregate.Flatten().InnerExceptions.SelectMany(inner => Describe(inner, configuration))];
            case OptionsValidationException validation:
                return [.. validation.Failures];
            case SettingException setting:
                return [setting.Message];
            case InvalidOperationException when ConversionFailed().Match(e.Message) is { Success: true } m:
                return [NotConvertible(m.Groups["key"].Value, m.Groups["type"].Value, configuration)];
            case InvalidOperationException when UnknownProperties().Match(e.Message) is { Success: true } m:
                return [.. Unknown(m.Groups["names"].Value, configuration)];
            default:
                return e.InnerException is { } inner ? Describe(inner, configuration) : [];
        }
    }

    private static string NotConvertible(string key, string type, IConfiguration? configuration)
    {
        var setting = key.Replace(":", "__", StringComparison.Ordinal);
        var example = type switch
        {
            "System.TimeSpan" => "a TimeSpan (e.g. 01:00:00)",
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" => "a whole number",
            _ => "a " + type[(type.LastIndexOf('.') + 1)..],
        };

        // None of the typed OAuth__ settings holds a secret, so the value may be shown.
        return configuration?[key] is { } value
            ? string.Create(CultureInfo.InvariantCulture, $"{setting}: \"{value}\" is not {example}")
            : $"{setting}: is not {example}";
    }

    /// <summary>The binder names only the property; find the keys the user typed that end in it.</summary>
    private static IEnumerable<string> Unknown(string names, IConfiguration? configuration)
    {
        var unknown = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim('\'')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keys = configuration?.GetSection(OAuthOptions.Section).AsEnumerable()
            .Select(kv => kv.Key)
            .Where(k => unknown.Contains(k[(k.LastIndexOf(':') + 1)..]))
            .Select(k => k.Replace(":", "__", StringComparison.Ordinal) + ": not a known setting (check the spelling)")
            .ToList();
        return keys is { Count: > 0 } ? keys : unknown.Select(n => $"OAuth__…__{n}: not a known setting (check the spelling)");
    }

    [GeneratedRegex(@"Failed to convert configuration value (?:'(?<value>[^']*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailed();

    [GeneratedRegex(@"ErrorOnUnknownConfiguration.*not found on the instance of [^:]+: (?<names>.+)$")]
    private static partial Regex UnknownProperties();
}
