using System.Reflection;
using NetArchTest.Rules;
using Shouldly;

namespace AuthFunctions.Tests.Architecture;

/// <summary>
/// DESIGN.md "Layers": each folder uses only the folders after it — function triggers → HTTP → sign-in flows →
/// providers, sessions → storage, secrets → core. Hosting composes them and nothing uses Hosting.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Top to bottom; folders on one level may not use each other either.</summary>
    public static readonly string[][] Layers =
    [
        ["Triggers"],
        ["Http"],
        ["SignIn"],
        ["Providers", "Sessions"],
        ["Storage", "Secrets"],
        ["Core"],
    ];

    private static readonly Assembly App = typeof(AuthFunctions.Hosting.LocalHost).Assembly;

    public static TheoryData<string> Folders() => [.. Layers.SelectMany(l => l)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_folders_below_it(string folder)
    {
        var level = Array.FindIndex(Layers, l => l.Contains(folder));
        var forbidden = Layers.Take(level + 1).SelectMany(l => l).Where(f => f != folder).Append("Hosting").Select(Namespace).ToArray();

        var offenders = Offenders(Types.InAssembly(App).That().ResideInNamespace(Namespace(folder)), forbidden);

        offenders.ShouldBeEmpty($"{folder} may use only {string.Join(", ", Layers.Skip(level + 1).SelectMany(l => l))}");
    }

    [Fact]
    public void Every_type_of_the_app_lives_in_a_layer_folder_or_hosting()
    {
        var known = Layers.SelectMany(l => l).Append("Hosting").Select(Namespace).ToArray();

        var strays = App.GetTypes()
            .Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal) && !t.Namespace.StartsWith("System.", StringComparison.Ordinal))
            .Where(t => !known.Any(ns => t.Namespace == ns || t.Namespace!.StartsWith(ns + ".", StringComparison.Ordinal)))
            .Where(t => !t.Name.StartsWith('<'))
            // The Worker SDK's source generators emit the function executor and metadata provider in the root namespace.
            .Where(t => t.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();

        strays.ShouldBeEmpty();
    }

    [Fact]
    public void The_check_catches_a_folder_that_reaches_up()
    {
        // Http uses SignIn, so a rule that forbade it must name offenders: the check can fail.
        Offenders(Types.InAssembly(App).That().ResideInNamespace(Namespace("Http")), [Namespace("SignIn")]).ShouldNotBeEmpty();
    }

    private static string Namespace(string folder) => "AuthFunctions." + folder;

    private static List<string> Offenders(PredicateList types, string[] forbidden)
    {
        var result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        return result.IsSuccessful ? [] : [.. (result.FailingTypeNames ?? []).Where(n => !n.Contains('<', StringComparison.Ordinal))];
    }
}
