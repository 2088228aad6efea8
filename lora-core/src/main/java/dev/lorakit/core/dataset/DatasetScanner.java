package dev.lorakit.core.dataset;

import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.internal.StrictUtf8;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Reads a dataset from disk into a {@link DatasetSnapshot}. Thread-safe; each scan uses its own
 * worker threads.
 *
 * <p>From a root, every sub-folder is a dataset folder: {@code 40_name} has 40 repeats, folders
 * whose name says {@code control} are control folders. From a {@link DatasetSpec}, only the
 * declared folders and their control folders are read.
 *
 * <p>In the default header mode an image is opened once and only its first bytes and last bytes are
 * read: size and EXIF orientation come from the header, pixel data is not decoded. {@link
 * ScanOptions#deep()} decodes every image.
 *
 * <pre>{@code
 * DatasetSnapshot snapshot = DatasetScanner.create().scan(Path.of("dataset"));
 * LoraProject scanned = ImmutableLoraProject.copyOf(project).withDataset(snapshot.spec());
 * }</pre>
 */
public final class DatasetScanner {
  /** Folders written by trainers next to the images; never part of the data. */
  private static final Set<String> CACHE_DIRS = Set.of("_latent_cache", "_t_e_cache", "_controls");

  private static final String ROOT_FOLDER = ".";
  private static final int MAX_WALK_DEPTH = 8;

  private final ScanOptions options;

  private DatasetScanner(ScanOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A scanner in header mode with the default options. */
  public static DatasetScanner create() {
    return new DatasetScanner(ScanOptions.defaults());
  }

  public static DatasetScanner of(ScanOptions options) {
    return new DatasetScanner(options);
  }

  public ScanOptions options() {
    return options;
  }

  /** Scans a root of kohya-style {@code N_name} folders. */
  public DatasetSnapshot scan(Path root) {
    return scan(root, ScanListener.NONE);
  }

  public DatasetSnapshot scan(Path root, ScanListener listener) {
    Walk walk = new Walk(checkRoot(root));
    walk.fromRoot();
    return walk.finish(listener);
  }

  /** Scans the folders a spec declares, resolved against {@code root}; see below. */
  public DatasetSnapshot scan(Path root, DatasetSpec spec) {
    return scan(root, spec, ScanListener.NONE);
  }

  /**
   * Scans the folders a spec declares, resolved against {@code root}. The snapshot's spec is the
   * given one with image counts replaced by those found.
   */
  public DatasetSnapshot scan(Path root, DatasetSpec spec, ScanListener listener) {
    Objects.requireNonNull(spec, "spec");
    Walk walk = new Walk(checkRoot(root));
    walk.fromSpec(spec);
    return walk.finish(listener);
  }

  private static Path checkRoot(Path root) {
    Objects.requireNonNull(root, "root");
    if (!Files.exists(root)) {
      throw new DatasetScanException("dataset folder " + root + " does not exist");
    }
    if (!Files.isDirectory(root)) {
      throw new DatasetScanException("dataset path " + root + " is not a folder");
    }
    if (!Files.isReadable(root)) {
      throw new DatasetScanException("dataset folder " + root + " cannot be read");
    }
    return root;
  }

  /** The state of one scan: the walk collects files, then workers read them. */
  private final class Walk {
    private final Path root;
    private final Map<String, DatasetFolder> folders = new LinkedHashMap<>();
    private final List<Path> imageFiles = new ArrayList<>();
    private final List<String> imageFolders = new ArrayList<>();
    private final List<Long> imageSizes = new ArrayList<>();
    private final List<Long> imageMtimes = new ArrayList<>();
    private final List<Path> captionFiles = new ArrayList<>();
    private final List<String> captionFolders = new ArrayList<>();
    private final List<StrayFile> strays = new ArrayList<>();
    private final List<String> tooDeep = new ArrayList<>();
    private final List<ScanProblem> problems = new ArrayList<>();

    Walk(Path root) {
      this.root = root;
    }

    void fromRoot() {
      List<Path> dirs = new ArrayList<>();
      for (Path child : list(root, "")) {
        String name = child.getFileName().toString();
        BasicFileAttributes attrs = attributes(child);
        if (attrs == null) {
          continue;
        }
        if (attrs.isDirectory()) {
          if (CACHE_DIRS.contains(name)) {
            continue;
          }
          if (name.startsWith(".")) {
            strays.add(StrayFile.of(name, StrayFile.Kind.HIDDEN));
            continue;
          }
          dirs.add(child);
        } else {
          file(child, ROOT_FOLDER, attrs);
        }
      }
      boolean anyRepeats = false;
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        DatasetFolder folder = DatasetFolder.fromFolderName(name);
        anyRepeats |= KohyaFolderName.parse(name).isPresent();
        folders.put(name, folder);
      }
      if (!anyRepeats) {
        // The user may have pointed at the parent of the dataset root.
        List<Path> parents = new ArrayList<>();
        for (Path dir : dirs) {
          for (Path grandchild : list(dir, rel(dir))) {
            if (Files.isDirectory(grandchild)
                && KohyaFolderName.parse(grandchild.getFileName().toString()).isPresent()) {
              tooDeep.add(rel(grandchild));
              if (!parents.contains(dir)) {
                parents.add(dir);
              }
            }
          }
        }
        dirs.removeAll(parents);
        parents.forEach(p -> folders.remove(p.getFileName().toString()));
      }
      if (imageFolders.contains(ROOT_FOLDER)) {
        folders.put(ROOT_FOLDER, ImmutableDatasetFolder.builder().path(ROOT_FOLDER).build());
      }
      pairControlFolders();
      for (Path dir : dirs) {
        folderFiles(dir, rel(dir));
      }
    }

    void fromSpec(DatasetSpec spec) {
      Set<String> seen = new HashSet<>();
      for (DatasetFolder folder : spec.folders()) {
        folders.put(folder.path(), folder);
        for (String control : folder.controlFolders()) {
          if (!spec.folders().stream().anyMatch(f -> f.path().equals(control))) {
            folders.putIfAbsent(
                control,
                ImmutableDatasetFolder.builder().path(control).role(FolderRole.CONTROL).build());
          }
        }
      }
      for (String path : folders.keySet()) {
        if (!seen.add(path)) {
          continue;
        }
        Path dir = root.resolve(path);
        if (!Files.isDirectory(dir)) {
          problems.add(ScanProblem.of(path, "folder " + path + " does not exist"));
          continue;
        }
        folderFiles(dir, path);
      }
    }

    /**
     * Gives each training folder the root's control folders. A control folder whose name contains a
     * training folder's name ({@code maya_char_control} for {@code 40_maya_char}) belongs to the
     * longest such folder only; any other control folder belongs to every training folder.
     */
    private void pairControlFolders() {
      List<DatasetFolder> controls =
          folders.values().stream()
              .filter(f -> f.role() == FolderRole.CONTROL)
              .sorted(Comparator.comparing(DatasetFolder::path))
              .collect(Collectors.toList());
      if (controls.isEmpty()) {
        return;
      }
      List<DatasetFolder> training =
          folders.values().stream()
              .filter(f -> f.role() != FolderRole.CONTROL)
              .collect(Collectors.toList());
      Map<String, List<String>> assigned = new HashMap<>();
      for (DatasetFolder control : controls) {
        String controlName = control.name().toLowerCase(Locale.ROOT);
        Optional<DatasetFolder> owner =
            training.stream()
                .filter(t -> controlName.contains(baseName(t)))
                .max(Comparator.comparingInt(t -> baseName(t).length()));
        for (DatasetFolder t : training) {
          if (owner.isEmpty() || owner.get() == t) {
            assigned.computeIfAbsent(t.path(), k -> new ArrayList<>()).add(control.path());
          }
        }
      }
      for (DatasetFolder t : training) {
        List<String> mine = assigned.get(t.path());
        if (mine != null) {
          folders.put(t.path(), ImmutableDatasetFolder.copyOf(t).withControlFolders(mine));
        }
      }
    }

    private String baseName(DatasetFolder folder) {
      return KohyaFolderName.parse(folder.name())
          .map(KohyaFolderName::name)
          .orElse(folder.name())
          .toLowerCase(Locale.ROOT);
    }

    /** The files of one dataset folder; images in its sub-folders are too deep. */
    private void folderFiles(Path dir, String folder) {
      for (Path child : list(dir, folder)) {
        String name = child.getFileName().toString();
        BasicFileAttributes attrs = attributes(child);
        if (attrs == null) {
          continue;
        }
        if (attrs.isDirectory()) {
          if (CACHE_DIRS.contains(name)) {
            continue;
          }
          if (name.startsWith(".")) {
            strays.add(StrayFile.of(rel(child), StrayFile.Kind.HIDDEN));
            continue;
          }
          if (!loop(child)) {
            nested(child, 1);
          }
        } else {
          file(child, folder, attrs);
        }
      }
    }

    private void nested(Path dir, int depth) {
      if (depth > MAX_WALK_DEPTH) {
        problems.add(ScanProblem.of(rel(dir), "folders nested deeper than " + MAX_WALK_DEPTH));
        return;
      }
      for (Path child : list(dir, rel(dir))) {
        String name = child.getFileName().toString();
        if (Files.isDirectory(child)) {
          if (!CACHE_DIRS.contains(name) && !name.startsWith(".") && !loop(child)) {
            nested(child, depth + 1);
          }
        } else if (!name.startsWith(".") && ImageFormat.fromFileName(name).isPresent()) {
          tooDeep.add(rel(child));
        }
      }
    }

    /** Whether a folder is a symbolic link back to itself or to one of its parents. */
    private boolean loop(Path dir) {
      if (!Files.isSymbolicLink(dir)) {
        return false;
      }
      try {
        Path target = dir.toRealPath();
        if (dir.getParent().toRealPath().startsWith(target)) {
          problems.add(ScanProblem.of(rel(dir), "symbolic link loop"));
          return true;
        }
        return false;
      } catch (IOException e) {
        problems.add(ScanProblem.of(rel(dir), "cannot resolve: " + ImageProbe.describe(e)));
        return true;
      }
    }

    /** The attributes of a file or folder, following links; null (and a problem) if unreadable. */
    private BasicFileAttributes attributes(Path p) {
      try {
        return Files.readAttributes(p, BasicFileAttributes.class);
      } catch (IOException e) {
        boolean link = Files.isSymbolicLink(p);
        problems.add(
            ScanProblem.of(
                rel(p),
                link
                    ? "broken or looping symbolic link"
                    : e instanceof AccessDeniedException
                        ? "permission denied"
                        : "cannot be read: " + ImageProbe.describe(e)));
        return null;
      }
    }

    private void file(Path file, String folder, BasicFileAttributes attrs) {
      long size = attrs.size();
      String name = file.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      String path = rel(file);
      if (lower.equals(".ds_store") || lower.equals("thumbs.db") || lower.equals("desktop.ini")) {
        strays.add(StrayFile.of(path, StrayFile.Kind.SYSTEM_FILE));
      } else if (name.startsWith("._")) {
        strays.add(StrayFile.of(path, StrayFile.Kind.APPLE_DOUBLE));
      } else if (name.startsWith(AtomicFiles.TEMP_PREFIX)) {
        strays.add(StrayFile.of(path, StrayFile.Kind.EDIT_LEFTOVER));
      } else if (name.equals(".aitk_size.json") || lower.endsWith(".npz")) {
        return; // trainer caches
      } else if (name.startsWith(".")) {
        strays.add(StrayFile.of(path, StrayFile.Kind.HIDDEN));
      } else if (ImageFormat.fromFileName(name).isPresent()) {
        imageFiles.add(file);
        imageSizes.add(size);
        imageMtimes.add(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        imageFolders.add(folder);
      } else if (lower.endsWith("." + options.captionExtension().toLowerCase(Locale.ROOT))) {
        captionFiles.add(file);
        captionFolders.add(folder);
      } else {
        strays.add(StrayFile.of(path, StrayFile.Kind.UNKNOWN_TYPE));
      }
    }

    private List<Path> list(Path dir, String relPath) {
      List<Path> out = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path p : stream) {
          out.add(p);
        }
      } catch (AccessDeniedException e) {
        problems.add(ScanProblem.of(dirName(relPath), "permission denied"));
      } catch (FileSystemLoopException e) {
        problems.add(ScanProblem.of(dirName(relPath), "symbolic link loop"));
      } catch (IOException | RuntimeException e) {
        problems.add(ScanProblem.of(dirName(relPath), "cannot list: " + ImageProbe.describe(e)));
      }
      out.sort(Comparator.comparing(p -> p.getFileName().toString()));
      return out;
    }

    private String dirName(String relPath) {
      return relPath.isEmpty() ? ROOT_FOLDER : relPath;
    }

    private String rel(Path p) {
      String s = root.relativize(p).toString();
      return p.getFileSystem().getSeparator().equals("/") ? s : s.replace('\\', '/');
    }

    DatasetSnapshot finish(ScanListener listener) {
      Objects.requireNonNull(listener, "listener");
      int total = imageFiles.size() + captionFiles.size();
      listener.started(total);
      try {
        Set<Long> collidingSizes = collidingSizes();
        // Hashes of earlier scans are reused only in the subsampled mode they were made in.
        Optional<PerceptualHashCache> cache =
            options.perceptualHash() && !options.deep()
                ? options.hashCache().map(dir -> PerceptualHashCache.load(dir, root))
                : Optional.empty();
        List<ImageEntry> images = new ArrayList<>(imageFiles.size());
        List<CaptionFile> captions = new ArrayList<>(captionFiles.size());
        ExecutorService pool =
            Executors.newFixedThreadPool(
                options.threads(),
                r -> {
                  Thread t = new Thread(r, "lorakit-scan");
                  t.setDaemon(true);
                  return t;
                });
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger nextImage = new AtomicInteger();
        AtomicInteger nextCaption = new AtomicInteger();
        try {
          // One worker per thread, each with its own readers, pulling files from shared counters.
          List<Future<Worker>> workers = new ArrayList<>();
          for (int t = 0; t < options.threads(); t++) {
            workers.add(
                pool.submit(
                    () -> {
                      Worker w = new Worker(collidingSizes, cache, listener, done, total, stop);
                      w.run(nextImage, nextCaption);
                      return w;
                    }));
          }
          for (Future<Worker> f : workers) {
            Worker w = get(f);
            images.addAll(w.images);
            captions.addAll(w.captions);
          }
        } finally {
          pool.shutdownNow();
        }
        if (stop.get() || listener.cancelled()) {
          throw new CancellationException("dataset scan cancelled");
        }
        cache.ifPresent(c -> c.save(cacheEntries(images)));
        images.sort(Comparator.comparing(ImageEntry::path));
        captions.sort(Comparator.comparing(CaptionFile::path));
        strays.sort(Comparator.comparing(StrayFile::path));
        return DatasetSnapshot.builder()
            .root(root)
            .spec(spec(images))
            .images(images)
            .captions(captions)
            .strayFiles(strays)
            .tooDeep(tooDeep.stream().sorted().collect(Collectors.toList()))
            .problems(problems)
            .options(options)
            .build();
      } finally {
        listener.finished();
      }
    }

    private DatasetSpec spec(List<ImageEntry> images) {
      Map<String, Long> counts =
          images.stream().collect(Collectors.groupingBy(ImageEntry::folder, Collectors.counting()));
      List<DatasetFolder> counted = new ArrayList<>();
      for (DatasetFolder f : folders.values()) {
        ImmutableDatasetFolder c =
            ImmutableDatasetFolder.copyOf(f)
                .withImageCount(counts.getOrDefault(f.path(), 0L).intValue());
        String masks = DatasetFolder.defaultMaskFolder(f.path());
        if (f.role() != FolderRole.CONTROL
            && Files.isDirectory(root.resolve(masks), LinkOption.NOFOLLOW_LINKS)) {
          c = c.withMaskFolder(masks);
        }
        counted.add(c);
      }
      return DatasetSpec.builder().root(root.toString()).folders(counted).build();
    }

    /** This scan's hashes, for the cache: the images that vanished drop out of it. */
    private Map<String, PerceptualHashCache.Entry> cacheEntries(List<ImageEntry> images) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < imageFiles.size(); i++) {
        index.put(rel(imageFiles.get(i)), i);
      }
      Map<String, PerceptualHashCache.Entry> entries = new HashMap<>();
      for (ImageEntry image : images) {
        Integer i = index.get(image.path());
        if (i != null && image.perceptualHash().isPresent()) {
          entries.put(
              image.path(),
              new PerceptualHashCache.Entry(
                  imageSizes.get(i), imageMtimes.get(i), image.perceptualHash().getAsLong()));
        }
      }
      return entries;
    }

    private Set<Long> collidingSizes() {
      if (options.hashing() != ScanOptions.Hashing.SIZE_COLLISIONS) {
        return Set.of();
      }
      Map<Long, Integer> bySize = new HashMap<>();
      Set<Long> colliding = new HashSet<>();
      for (long size : imageSizes) {
        if (size > 0 && bySize.merge(size, 1, Integer::sum) > 1) {
          colliding.add(size);
        }
      }
      return colliding;
    }

    /** Reads images, then captions, until the shared counters run out. */
    private final class Worker {
      final List<ImageEntry> images = new ArrayList<>();
      final List<CaptionFile> captions = new ArrayList<>();
      private final Set<Long> collidingSizes;
      private final Optional<PerceptualHashCache> cache;
      private final ScanListener listener;
      private final AtomicInteger done;
      private final int total;
      private final AtomicBoolean stop;

      Worker(
          Set<Long> collidingSizes,
          Optional<PerceptualHashCache> cache,
          ScanListener listener,
          AtomicInteger done,
          int total,
          AtomicBoolean stop) {
        this.collidingSizes = collidingSizes;
        this.cache = cache;
        this.listener = listener;
        this.done = done;
        this.total = total;
        this.stop = stop;
      }

      void run(AtomicInteger nextImage, AtomicInteger nextCaption) {
        try (ImageProbe probe = new ImageProbe()) {
          int i;
          while ((i = nextImage.getAndIncrement()) < imageFiles.size()) {
            if (stopped()) {
              return;
            }
            images.add(readImage(probe, i));
            listener.fileScanned(
                images.get(images.size() - 1).path(), done.incrementAndGet(), total);
          }
        }
        int c;
        while ((c = nextCaption.getAndIncrement()) < captionFiles.size()) {
          if (stopped()) {
            return;
          }
          CaptionFile file = readCaption(c);
          captions.add(file);
          listener.fileScanned(file.path(), done.incrementAndGet(), total);
        }
      }

      private boolean stopped() {
        if (stop.get() || listener.cancelled()) {
          stop.set(true);
          return true;
        }
        return false;
      }

      private ImageEntry readImage(ImageProbe probe, int i) {
        Path file = imageFiles.get(i);
        String path = rel(file);
        String name = file.getFileName().toString();
        ImmutableImageEntry.Builder b =
            ImageEntry.builder()
                .path(path)
                .folder(imageFolders.get(i))
                .stem(stem(name))
                .format(ImageFormat.fromFileName(name).orElseThrow());
        long size = 0;
        try {
          size = imageSizes.get(i);
          boolean hash =
              options.hashing() == ScanOptions.Hashing.ALL
                  || (options.hashing() == ScanOptions.Hashing.SIZE_COLLISIONS
                      && collidingSizes.contains(size));
          long mtime = imageMtimes.get(i);
          OptionalLong cached =
              cache.map(c -> c.lookup(path, imageSizes.get(i), mtime)).orElse(OptionalLong.empty());
          ImageProbe.Result r =
              probe.probe(
                  file, size, options.deep(), options.perceptualHash() && cached.isEmpty(), hash);
          if (cached.isPresent() && r.defect == null) {
            r.perceptualHash = cached;
          }
          b.width(r.width).height(r.height).orientation(r.orientation);
          if (r.defect != null) {
            b.defect(r.defect);
          }
          if (r.sha256 != null) {
            b.sha256(r.sha256);
          }
          b.perceptualHash(r.perceptualHash);
        } catch (RuntimeException e) {
          b.width(0).height(0).defect("cannot be read: " + ImageProbe.describe(e));
        }
        return b.byteSize(size).build();
      }
    }

    private CaptionFile readCaption(int index) {
      Path file = captionFiles.get(index);
      String path = rel(file);
      ImmutableCaptionFile.Builder b =
          CaptionFile.builder()
              .path(path)
              .folder(captionFolders.get(index))
              .stem(stem(file.getFileName().toString()));
      long size = 0;
      try {
        size = Files.size(file);
        if (size > options.maxCaptionBytes()) {
          b.encoding(CaptionEncoding.TOO_LARGE)
              .problem(
                  String.format(
                      Locale.ROOT,
                      "%d bytes is above the %d a caption may have",
                      size,
                      options.maxCaptionBytes()));
        } else {
          decode(Files.readAllBytes(file), b);
        }
      } catch (IOException | RuntimeException e) {
        b.encoding(CaptionEncoding.UNREADABLE)
            .problem(
                e instanceof AccessDeniedException
                    ? "permission denied"
                    : "cannot be read: " + ImageProbe.describe(e));
      }
      return b.byteSize(size).build();
    }
  }

  /** Decodes caption bytes as strict UTF-8; a byte-order mark is accepted and dropped. */
  static void decode(byte[] bytes, ImmutableCaptionFile.Builder b) {
    try {
      StrictUtf8.Decoded d = StrictUtf8.decode(bytes);
      b.encoding(d.bom() ? CaptionEncoding.UTF8_BOM : CaptionEncoding.UTF8).text(d.text());
    } catch (StrictUtf8.NotUtf8Exception e) {
      b.encoding(CaptionEncoding.NOT_UTF8).problem(e.getMessage());
    }
  }

  static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("dataset scan interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }
}
