namespace Flusio.Web.Resources;

/// <summary>
/// Marker for the one resource file set of the app. Keys are the English strings;
/// SharedResource.fr.resx holds the French ones (a test checks none is missing).
/// </summary>
public sealed class SharedResource;
