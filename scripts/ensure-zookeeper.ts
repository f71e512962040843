// Before bin/kafka-local-cluster: Debian's zookeeper package, installed with apt when missing and
// we are root (unless ZOOKEEPER_CLASSPATH names another ZooKeeper). Exits non-zero with advice otherwise.

import { ensureDebianPackages, exitWithAdvice } from './debian-packages';
import { ZOOKEEPER_PACKAGE } from './zookeeper-package';

if (!process.env.ZOOKEEPER_CLASSPATH) exitWithAdvice(() => ensureDebianPackages([ZOOKEEPER_PACKAGE]));
