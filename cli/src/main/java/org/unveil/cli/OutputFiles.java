package org.unveil.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The files one command reads and writes, checked before anything is read or written: no output is an input
 * (through links too), no two outputs are one file, at most one output is stdout ("-"), and each output's folder
 * exists. Every file is written beside its target under a temporary name and moved into place only once the
 * command has written all of it (synced to disk first, with the mode of the file it replaces), so a failed run
 * leaves the old file as it was; one that is killed (SIGTERM, SIGINT) deletes its temporary files on the way out.
 */
final class OutputFiles {
    /** The name that means stdout (for outputs) and stdin (for inputs). */
    static final String STANDARD = "-";

    private final CommandLine command;
    private final Map<Object, String> inputs = new HashMap<>();
    private final Map<Object, String> outputs = new HashMap<>();
    private String stdinBy;
    private String stdoutBy;

    OutputFiles(CommandLine command) {
        this.command = command;
    }

    /** Inputs named by one option (or the positional FILEs): each file, and stdin, at most once. */
    OutputFiles inputs(String option, Collection<String> names) {
        Map<Object, String> here = new HashMap<>();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            if (name.equals(STANDARD)) {
                if (stdinBy != null) {
                    throw usage(option + ": stdin (-) is named twice; it can be read only once");
                }
                stdinBy = option;
                continue;
            }
            Object key = identity(Path.of(name));
            if (key == null) {
                continue; // missing or unreadable: the reader says so, with the file's name
            }
            String earlier = here.putIfAbsent(key, name);
            if (earlier != null) {
                throw usage(option + ": " + (earlier.equals(name) ? "'" + name + "' is named twice"
                        : "'" + earlier + "' and '" + name + "' are the same file") + "; each input is read once");
            }
            inputs.putIfAbsent(key, name);
        }
        return this;
    }

    OutputFiles input(String option, String name) {
        return name == null ? this : inputs(option, List.of(name));
    }

    /** Claims an output file, or stdout for "-"; null (the option not given) claims nothing and returns null. */
    Output output(String option, String name) {
        if (name == null) {
            return null;
        }
        if (name.equals(STANDARD)) {
            if (stdoutBy != null) {
                throw usage(option + " and " + stdoutBy + " would both write to stdout; give one of them a file");
            }
            stdoutBy = option;
            return new Output(option, null);
        }
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            throw usage(option + ": '" + name + "' is a folder, not a file");
        }
        Path folder = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw usage(option + ": no folder '" + folder + "' to write '" + path.getFileName() + "' into");
        }
        if (!Files.isWritable(folder)) {
            throw usage(option + ": cannot write into the folder '" + folder + "' (permission denied)");
        }
        Path target = target(path);
        Object key = Files.exists(target) ? identity(target) : target.toString();
        String input = inputs.get(key);
        if (input != null) {
            throw usage(option + ": '" + name + "' is the input '" + input + "'; an output never overwrites an input");
        }
        String other = outputs.putIfAbsent(key, option);
        if (other != null) {
            throw usage(option + " and " + other + " name the same file '" + name + "'");
        }
        return new Output(option, target);
    }

    /** Claims the report output: the -o file, or stdout without one. */
    Output report(OutputOptions options) {
        return output("-o", options.output == null ? STANDARD : options.output);
    }

    /** Claims an output folder that files are written into (created if missing, never a file). */
    Path folder(String option, Path folder) {
        if (folder == null) {
            return null;
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw usage(option + ": '" + folder + "' is a file, not a folder");
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (!Files.exists(folder) && (parent == null || !Files.isDirectory(parent))) {
            throw usage(option + ": no folder '" + parent + "' to make '" + folder.getFileName() + "' in");
        }
        String other = outputs.putIfAbsent(target(folder).toString(), option);
        if (other != null) {
            throw usage(option + " and " + other + " name the same file '" + folder + "'");
        }
        return folder;
    }

    private ParameterException usage(String message) {
        return new ParameterException(command, message);
    }

    /** A file written through a symbolic link is written where the link points, and the link kept. */
    private static Path target(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return Files.isSymbolicLink(absolute) && Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    /** What makes two names one file: the file system's key (device and inode), else the real path. */
    private static Object identity(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            Object key = a.fileKey();
            return key != null ? key : path.toRealPath(LinkOption.values()).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** One claimed output: a file, or stdout when {@code path} is null. */
    record Output(String option, Path path) {
        boolean isStdout() {
            return path == null;
        }

        /** For messages: the file's name, or "stdout". */
        String name() {
            return path == null ? "stdout" : path.toString();
        }

        /** Starts writing; {@link Sink#commit} puts the result in place, closing without it discards it. */
        Sink open(OutputStream stdout) throws IOException {
            if (path == null) {
                return new Sink(new NonClosing(stdout), null, null);
            }
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                // /dev/null, a named pipe, a terminal: written as they are, never replaced by a file
                return Sink.direct(path);
            }
            return Sink.beside(path);
        }

        /** Writes all of {@code bytes} and puts them in place. */
        void write(OutputStream stdout, byte[] bytes) throws IOException {
            try (Sink sink = open(stdout)) {
                sink.write(bytes);
                sink.commit();
            }
        }
    }

    /** An output being written: to a temporary file beside its target until {@link #commit}. */
    static final class Sink extends OutputStream {
        private final OutputStream out;
        private final FileChannel channel;
        private final Path temporary;
        private final Path target;
        private boolean committed;

        private Sink(OutputStream out, Path temporary, Path target) {
            this(out, null, temporary, target);
        }

        private Sink(OutputStream out, FileChannel channel, Path temporary, Path target) {
            this.out = out;
            this.channel = channel;
            this.temporary = temporary;
            this.target = target;
        }

        static Sink direct(Path device) throws IOException {
            try {
                return new Sink(new BufferedOutputStream(Files.newOutputStream(device), 1 << 16), null, device);
            } catch (IOException e) {
                throw OutputException.of(device, e);
            }
        }

        static Sink beside(Path target) throws IOException {
            Path folder = target.getParent();
            for (int attempt = 0; ; attempt++) {
                Path temporary = folder.resolve("." + target.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".part");
                try {
                    // not createTempFile: that makes the file rw------- whatever the umask says
                    FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    Outstanding.add(temporary);
                    return new Sink(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), channel,
                            temporary, target);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 8) {
                        throw new OutputException(target, "no free temporary name beside it");
                    }
                } catch (IOException e) {
                    throw OutputException.of(target, e);
                }
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /** All was written: move it into place (or, for stdout, flush it). */
        void commit() throws IOException {
            if (committed) {
                return;
            }
            try {
                if (temporary != null) {
                    out.flush();
                    // on disk before the rename: a crash after it must not leave an empty or partial file in place
                    channel.force(true);
                    keepMode();
                }
                out.close();
                if (temporary != null) {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Outstanding.remove(temporary);
                }
                committed = true;
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (committed) {
                return;
            }
            try {
                out.close();
            } catch (IOException ignored) {
                // the write that failed has been reported; the partial file goes
            } finally {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                    Outstanding.remove(temporary);
                }
            }
        }

        /** A file replaced keeps its permission bits (an executable script stays one, a private file private). */
        private void keepMode() throws IOException {
            PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (old == null || !Files.exists(target)) {
                return;
            }
            Files.setPosixFilePermissions(temporary, old.readAttributes().permissions());
        }

        private IOException failed(IOException e) {
            if (target == null) {
                // stdout: a closed pipe is no failure (the reader went away, as `| head` does); anything else is
                String m = e.getMessage();
                return m != null && m.contains("Broken pipe") ? e : OutputException.of(Path.of("stdout"), e);
            }
            return OutputException.of(target, e);
        }
    }

    /** The temporary files not yet moved into place or deleted, which a shutdown hook deletes when the JVM ends. */
    private static final class Outstanding {
        private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(Outstanding::deleteAll, "unveil-temporary-files"));
        }

        private Outstanding() {
        }

        static void add(Path temporary) {
            FILES.add(temporary);
        }

        static void remove(Path temporary) {
            FILES.remove(temporary);
        }

        private static void deleteAll() {
            for (Path temporary : FILES) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // the JVM is ending: nothing else can be done about it
                }
            }
        }
    }

    /** An output that could not be written (disk full, folder gone): names the file and the cause. */
    static final class OutputException extends IOException {
        OutputException(Path file, String reason) {
            super(file + ": could not be written: " + reason);
        }

        static OutputException of(Path file, IOException e) {
            if (e instanceof OutputException o) {
                return o;
            }
            String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getMessage() != null ? e.getMessage() : "input/output error";
            return new OutputException(file, reason);
        }
    }
}
