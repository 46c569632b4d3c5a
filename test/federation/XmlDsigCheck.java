// An independent XML-DSig implementation for the SAML tests: the JDK's own (javax.xml.crypto, Apache Santuario
// inside the JDK), run with `java XmlDsigCheck.java <mode> ...` (source-file mode, JDK 11+).
//   verify <xml-file> <cert-base64-file>       prints "valid" when every ds:Signature verifies with the certificate
//   sign   <xml-file> <pkcs8-base64-file> <id> signs the element with that ID (enveloped, exc-c14n, rsa-sha256),
//                                              the Signature after its first child element; prints the document
//   c14n   <xml-file> <prefix-list> <id>...    prints the exclusive C14N (no comments) of each element named by ID,
//                                              with that InclusiveNamespaces PrefixList ("" for none), NUL-separated
// Elements' `ID` attributes are registered as IDs. DOCTYPEs are refused.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;
import javax.xml.crypto.dsig.*;
import javax.xml.crypto.dsig.dom.*;
import javax.xml.crypto.dsig.spec.*;
import javax.xml.parsers.*;
import javax.xml.transform.*;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.*;

public class XmlDsigCheck {
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  public static void main(String[] args) throws Exception {
    Document doc = parse(Files.readString(Path.of(args[1])));
    Map<String, Element> ids = new HashMap<>();
    registerIds(doc.getDocumentElement(), ids);
    switch (args[0]) {
      case "verify" -> verify(doc, certificate(Files.readString(Path.of(args[2])).trim()));
      case "sign" -> sign(doc, ids.get(args[3]), args[3], Files.readString(Path.of(args[2])).trim());
      case "c14n" -> {
        for (int i = 3; i < args.length; i++) {
          if (i > 3) System.out.print('\0');
          c14n(ids.get(args[i]), args[2]);
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static void registerIds(Element e, Map<String, Element> ids) {
    if (e.hasAttribute("ID")) {
      e.setIdAttribute("ID", true);
      ids.put(e.getAttribute("ID"), e);
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) registerIds(c, ids);
  }

  static X509Certificate certificate(String b64) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b64)));
  }

  static void verify(Document doc, X509Certificate cert) throws Exception {
    NodeList signatures = doc.getElementsByTagNameNS(DS, "Signature");
    if (signatures.getLength() == 0) {
      System.out.println("invalid: no signature");
      return;
    }
    XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    for (int i = 0; i < signatures.getLength(); i++) {
      DOMValidateContext context = new DOMValidateContext(cert.getPublicKey(), signatures.item(i));
      context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
      XMLSignature signature = factory.unmarshalXMLSignature(context);
      if (!signature.validate(context)) {
        System.out.println("invalid: signature " + i);
        return;
      }
    }
    System.out.println("valid");
  }

  static void sign(Document doc, Element target, String id, String pkcs8) throws Exception {
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pkcs8)));
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    List<Transform> transforms = List.of(
        f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
        f.newTransform(CanonicalizationMethod.EXCLUSIVE, new ExcC14NParameterSpec(List.of("xs"))));
    Reference ref = f.newReference("#" + id, f.newDigestMethod(DigestMethod.SHA256, null), transforms, null, null);
    SignedInfo si = f.newSignedInfo(
        f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
        f.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", null),
        List.of(ref));
    Node next = null;
    for (Node n = target.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        next = n.getNextSibling();
        break;
      }
    }
    DOMSignContext context = next == null ? new DOMSignContext(key, target) : new DOMSignContext(key, target, next);
    context.setDefaultNamespacePrefix("ds");
    f.newXMLSignature(si, null).sign(context);
    Transformer t = TransformerFactory.newInstance().newTransformer();
    t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    StringWriter out = new StringWriter();
    t.transform(new DOMSource(doc), new StreamResult(out));
    System.out.print(out);
  }

  static void c14n(Element target, String prefixes) throws Exception {
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    List<String> list = prefixes.isEmpty() ? List.of() : Arrays.asList(prefixes.split(" "));
    // A Reference to the element with only the exclusive C14N transform: its digest input is the canonical form.
    Reference ref = f.newReference("#" + target.getAttribute("ID"), f.newDigestMethod(DigestMethod.SHA256, null),
        List.of(f.newTransform(CanonicalizationMethod.EXCLUSIVE, new ExcC14NParameterSpec(list))), null, null);
    SignedInfo si = f.newSignedInfo(
        f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
        f.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", null), List.of(ref));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    // The throw-away Signature goes beside the element, never inside it (a new root when the element is the root).
    Document doc = target.getOwnerDocument();
    Element holder = doc.getDocumentElement();
    if (holder == target) {
      holder = doc.createElementNS(null, "w");
      doc.replaceChild(holder, target);
      holder.appendChild(target);
    }
    DOMSignContext context = new DOMSignContext(g.generateKeyPair().getPrivate(), holder);
    context.setProperty("javax.xml.crypto.dsig.cacheReference", Boolean.TRUE);
    f.newXMLSignature(si, null).sign(context);
    InputStream digested = ((Reference) si.getReferences().get(0)).getDigestInputStream();
    holder.removeChild(holder.getLastChild());
    System.out.print(new String(digested.readAllBytes(), StandardCharsets.UTF_8));
  }
}
