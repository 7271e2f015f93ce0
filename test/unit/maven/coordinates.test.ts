import { describe, expect, it } from 'vitest';
import { artifactFileName, artifactPath, formatCoordinates, metadataPath, MavenCoordinatesError, parseCoordinates } from '../../../server/maven';

describe('Maven coordinates', () => {
  it('parse group:artifact:version:classifier:type and lay out the repository path', () => {
    const c = parseCoordinates('io.debezium:debezium-connector-mysql:3.6.1.Final:plugin:tar.gz');
    expect(c).toEqual({ groupId: 'io.debezium', artifactId: 'debezium-connector-mysql', version: '3.6.1.Final', classifier: 'plugin', type: 'tar.gz' });
    expect(artifactFileName(c)).toBe('debezium-connector-mysql-3.6.1.Final-plugin.tar.gz');
    expect(artifactPath(c)).toBe('io/debezium/debezium-connector-mysql/3.6.1.Final/debezium-connector-mysql-3.6.1.Final-plugin.tar.gz');
    expect(formatCoordinates(c)).toBe('io.debezium:debezium-connector-mysql:3.6.1.Final:plugin:tar.gz');
  });

  it('parse group:artifact:version:type (no classifier)', () => {
    const c = parseCoordinates('org.apache.kafka:connect-file:4.3.1:jar');
    expect(c).toEqual({ groupId: 'org.apache.kafka', artifactId: 'connect-file', version: '4.3.1', type: 'jar' });
    expect(artifactPath(c)).toBe('org/apache/kafka/connect-file/4.3.1/connect-file-4.3.1.jar');
  });

  it('lay out maven-metadata.xml', () => {
    expect(metadataPath('org.apache.camel.kafkaconnector', 'camel-timer-kafka-connector')).toBe('org/apache/camel/kafkaconnector/camel-timer-kafka-connector/maven-metadata.xml');
  });

  it.each([
    ['io.debezium:debezium-connector-mysql', /expected group:artifact:version/],
    ['a:b:c:d:e:f', /expected group:artifact:version/],
    ['io..debezium:x:1.0:jar', /invalid group/],
    ['io.debezium:../../etc:1.0:jar', /invalid artifact/],
    ['io.debezium:x:1.0/../..:jar', /invalid version/],
    ['io.debezium:x:..:jar', /invalid version/],
    ['io.debezium:x:1.0:a/b:jar', /invalid classifier/],
    ['io.debezium:x:1.0:tar/gz', /invalid type/],
    ['/etc:x:1.0:jar', /invalid group/],
  ])('refuse %s', (text, message) => {
    expect(() => parseCoordinates(text)).toThrow(MavenCoordinatesError);
    expect(() => parseCoordinates(text)).toThrow(message);
  });
});
