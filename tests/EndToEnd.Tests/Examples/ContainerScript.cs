namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// scripts/container-acceptance.sh run with <c>--hold</c>: it builds the image on a real Docker engine, runs its own
/// checks, then starts the image once more with its ports published on 127.0.0.1 and keeps it running until its
/// standard input is closed, when it `docker stop`s it and prints its log. <c>MINICOLLECTOR_EXECUTABLE</c> (the
/// executable CI published) is inherited, so the script does not publish again.
/// </summary>
internal static class ContainerScript
{
    // Asked for, the test fails rather than skips when the script cannot run, so the failure says what it takes.
    private static readonly string Needs =
        $"{ContainerFactAttribute.Variable}=1 asks for the container, which needs root, the Debian packages docker.io, " +
        "debootstrap and docker-compose, and a Docker engine the script can start";

    /// <summary>
    /// Starts it. Its release (<c>docker stop</c>, then the log) may take a while after standard input is closed, and
    /// its EXIT trap removes containers, networks and a dockerd it started: 90 s for each step of the release.
    /// </summary>
    public static ScriptProcess Start() =>
        ScriptProcess.Start("container-acceptance.sh", ["--hold"], Needs, TimeSpan.FromSeconds(90));
}
