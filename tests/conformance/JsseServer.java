// A TLS 1.3 server on Java's own stack (JSSE), for tests/interop_java: one connection, its
// first line echoed back. Usage: java JsseServer CERT.pem KEY.pem (PKCS#8, EC P-256).
// Groups come from -Djdk.tls.namedGroups; it prints "listening on PORT", then what it negotiated.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.*;

public class JsseServer {
    public static void main(String[] args) throws Exception {
        java.security.cert.Certificate[] chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new FileInputStream(args[0]))
                .toArray(new java.security.cert.Certificate[0]);
        String pem = Files.readString(Path.of(args[1]));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        listener.setEnabledProtocols(new String[] {"TLSv1.3"});
        System.out.println("listening on " + listener.getLocalPort());
        System.out.flush();
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            System.out.println("negotiated " + session.getProtocol() + " " + session.getCipherSuite());
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            System.out.println("received " + line);
            System.out.flush();
            OutputStream out = socket.getOutputStream();
            out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        listener.close();
    }
}
